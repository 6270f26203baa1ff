using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Polly.Registry;
using static JobQueue.Tests.Data.JobStoreTests;

namespace JobQueue.Tests.Data;

/// <summary>
/// The set-based PostgreSQL store on two throwaway databases of the tests' PostgreSQL: it must leave exactly the rows the
/// EF Core path leaves for the same submits, batches and publish marks (the scenario of <see cref="JobStoreTests"/>), and
/// two stores (two dashboards) applying overlapping batches at once must neither deadlock nor double an entry.
/// </summary>
public sealed class PostgresJobStoreTests : IAsyncLifetime
{
    private string _ef = "";
    private string _set = "";
    private ServiceProvider _efServices = default!;
    private NpgsqlDataSource _setSource = default!;

    public async Task InitializeAsync()
    {
        _ef = await PostgresDatabases.CreateAsync("store_ef");
        _set = await PostgresDatabases.CreateAsync("store_set");
        foreach (var connectionString in new[] { _ef, _set })
        {
            await using var db = Context(connectionString);
            await db.Database.MigrateAsync();
        }
        _efServices = new ServiceCollection()
            .AddDbContext<JobQueueDbContext, PostgresJobQueueDbContext>(db => db.UseNpgsql(_ef))
            .AddLogging()
            .AddStoreConflictPipeline(StoreConflicts.IsConflict)
            .BuildServiceProvider();
        _setSource = NpgsqlDataSource.Create(_set);
    }

    public async Task DisposeAsync()
    {
        await _efServices.DisposeAsync();
        await _setSource.DisposeAsync();
        await PostgresDatabases.DropAsync(_ef);
        await PostgresDatabases.DropAsync(_set);
    }

    private static PostgresJobQueueDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<PostgresJobQueueDbContext>().UseNpgsql(connectionString).Options);

    [Fact]
    public Task PostgresStore_SubmitsEventsAndPublishMarks_LeaveTheRowsTheEfPathLeaves() =>
        CompareWithTheEfPathAsync(
            (new EfJobStore(_efServices.GetRequiredService<IServiceScopeFactory>(), TestJobData.Protector(encryptAtRest: false), _efServices.GetRequiredService<ResiliencePipelineProvider<string>>()), id => CancelAsync(_ef, id), () => ReadAllAsync(_ef)),
            (new PostgresJobStore(_setSource, TestJobData.Protector(encryptAtRest: false)), id => CancelAsync(_set, id), () => ReadAllAsync(_set)),
            jobB: "0193a000-0000-7000-8000-00000000000b");

    [Fact]
    public async Task PostgresStore_StoreAndReducer_AgreeOnEveryJob()
    {
        var set = new PostgresJobStore(_setSource, TestJobData.Protector(encryptAtRest: false));
        var jobs = Submitted();
        await set.InsertAsync(jobs, null, CancellationToken.None);
        foreach (var batch in Batches)
            await set.ApplyAsync(batch, CancellationToken.None);

        await using var db = Context(_set);
        foreach (var job in jobs)
        {
            var stored = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
            var folded = JobReducer.Fold(JobSnapshot.Submitted(job.MaxAttempts), Batches.SelectMany(b => b).Where(e => e.JobId == job.Id));
            stored.Snapshot.ShouldBe(ToMicroseconds(folded), $"store vs reducer, job {job.Id}");
        }
    }

    /// <summary>PostgreSQL keeps times to the microsecond (Npgsql drops the rest), .NET to 100 ns.</summary>
    private static JobSnapshot ToMicroseconds(JobSnapshot state) => state with
    {
        StartedAt = ToMicroseconds(state.StartedAt),
        FinishedAt = ToMicroseconds(state.FinishedAt),
        NextAttemptAt = ToMicroseconds(state.NextAttemptAt),
    };

    private static DateTime? ToMicroseconds(DateTime? at) =>
        at is { } value ? new DateTime(value.Ticks - (value.Ticks % 10), DateTimeKind.Utc) : null;

    [Fact]
    public async Task PostgresStore_DuplicateIdempotencyKey_StoresNothingAndStaysUsable()
    {
        var set = new PostgresJobStore(_setSource, TestJobData.Protector(encryptAtRest: false));
        var record = new IdempotencyRecord { OwnerId = "u1", Key = "k", RequestHash = "h", StatusCode = 201, Response = "{}", CreatedAt = T0 };
        await set.InsertAsync([Submitted()[0]], record, CancellationToken.None);

        var refused = await Should.ThrowAsync<PostgresException>(() => set.InsertAsync([Submitted()[1]], record, CancellationToken.None));
        refused.SqlState.ShouldBe(PostgresErrorCodes.UniqueViolation);

        (await ReadAllAsync(_set)).Count(r => r.StartsWith("Jobs|", StringComparison.Ordinal)).ShouldBe(1, "the refused batch stored no job");
        await set.InsertAsync([Submitted()[2]], null, CancellationToken.None);
        (await ReadAllAsync(_set)).Count(r => r.StartsWith("Jobs|", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task PostgresStore_TwoDashboardsApplyOverlappingBatchesAtOnce_NoDeadlockAndEveryEntryOnce()
    {
        var jobs = Enumerable.Range(0, 200).Select(i => Job.Submit(Guid.CreateVersion7(), "reverse_string", "default", "\"x\"", "u1", "u1@x", T0.AddTicks(i))).ToList();
        var first = new PostgresJobStore(_setSource, TestJobData.Protector(encryptAtRest: false));
        await using var otherSource = NpgsqlDataSource.Create(_set);
        var second = new PostgresJobStore(otherSource, TestJobData.Protector(encryptAtRest: false));
        await first.InsertAsync(jobs, null, CancellationToken.None);

        // Each job's start, progress and success, spread over both stores in batches whose jobs come in opposite
        // orders, as two recorders competing on one queue get them; each event is delivered twice (a redelivery).
        var events = jobs.SelectMany(j => new[]
        {
            new JobEvent(j.Id, JobEventKind.Started, 1, "u1", T0.AddSeconds(1), "w1"),
            new JobEvent(j.Id, JobEventKind.Progress, 1, "u1", T0.AddSeconds(2), "w1", Progress: 50),
            new JobEvent(j.Id, JobEventKind.Succeeded, 1, "u1", T0.AddSeconds(3), "w1", Result: "x", StartedAt: T0.AddSeconds(1)),
        }).ToList();
        var forward = events.Chunk(60).ToList();
        var backward = events.AsEnumerable().Reverse().Chunk(60).ToList();
        await Task.WhenAll(
            Task.Run(async () => { foreach (var batch in forward) await first.ApplyAsync(batch, CancellationToken.None); }),
            Task.Run(async () => { foreach (var batch in backward) await second.ApplyAsync(batch, CancellationToken.None); }));

        await using var db = Context(_set);
        var stored = await db.Jobs.AsNoTracking().Include(j => j.Timeline).ToListAsync();
        stored.Count.ShouldBe(200);
        foreach (var job in stored)
        {
            job.Status.ShouldBe(JobStatus.Succeeded);
            job.Timeline.Select(t => t.Status).Order().ToList().ShouldBe([JobStatus.Running, JobStatus.Succeeded], $"job {job.Id}: each entry once");
        }
    }

    [Fact]
    public async Task PostgresStore_PublishMarksWhileARecorderAppliesTheSameJobs_NoDeadlock()
    {
        // A batch's publish mark and the recorder applying the first events of the same jobs run at once (the workers are
        // fast). Stored in an order other than their ids' (a batch's ids within one millisecond are random), the rows
        // must still be locked in one order by both, or PostgreSQL ends one of them as a deadlock (40P01).
        var store = new PostgresJobStore(_setSource, TestJobData.Protector(encryptAtRest: false));
        await using var otherSource = NpgsqlDataSource.Create(_set);
        var recorder = new PostgresJobStore(otherSource, TestJobData.Protector(encryptAtRest: false));
        for (var round = 0; round < 5; round++)
        {
            var jobs = Enumerable.Range(0, 200)
                .Select(i => Job.Submit(Guid.CreateVersion7(), "reverse_string", "default", "\"x\"", "u1", "u1@x", T0.AddTicks(i)))
                .OrderBy(_ => Random.Shared.Next()).ToList();
            await store.InsertAsync(jobs, null, CancellationToken.None);
            var started = jobs.Select(j => new JobEvent(j.Id, JobEventKind.Started, 1, "u1", T0.AddSeconds(1), "w1")).ToList();
            await Task.WhenAll(
                Task.Run(() => store.MarkPublishedAsync([.. jobs.Select(j => j.Id)], T0.AddSeconds(1), CancellationToken.None)),
                Task.Run(async () => { foreach (var batch in started.Chunk(20)) await recorder.ApplyAsync(batch, CancellationToken.None); }));
        }

        await using var db = Context(_set);
        (await db.Jobs.CountAsync(j => j.PublishedAt == null)).ShouldBe(0);
        (await db.Jobs.CountAsync(j => j.Status != JobStatus.Running)).ShouldBe(0);
    }

    private static async Task CancelAsync(string connectionString, Guid id)
    {
        await using var db = Context(connectionString);
        var job = await db.Jobs.SingleAsync(j => j.Id == id);
        job.Apply(E(id, JobEventKind.Started, 1, 0.5));
        job.RequestCancel(T0.AddSeconds(0.6)).ShouldBe(JobEventKind.Cancelling);
        await db.SaveChangesAsync();
    }

    /// <summary>Every row of the tables the store writes, as text, in a stable order (timeline ids left out: they only count).</summary>
    private static async Task<List<string>> ReadAllAsync(string connectionString)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var rows = new List<string>();
        foreach (var (table, sql) in new[]
        {
            ("Jobs", """SELECT * FROM "Jobs" ORDER BY "Id" """),
            ("JobTimeline", """SELECT "JobId", "Status", "At", "Attempt", "WorkerId", "Note" FROM "JobTimeline" ORDER BY "JobId", "At", "Id" """),
            ("IdempotencyKeys", """SELECT * FROM "IdempotencyKeys" ORDER BY "OwnerId", "Key" """),
        })
        {
            await using var command = dataSource.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(table + "|" + string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
