using System.Data.Common;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polly.Registry;

namespace JobQueue.Tests.Data;

/// <summary>
/// The hot-path store on real database files: the set-based store must leave exactly the rows the EF Core path it
/// replaced leaves, for the same submits, event batches and publish marks; and the store, the reducer alone and a
/// page's row must end in the same state for the same events.
/// </summary>
public sealed class JobStoreTests : IAsyncLifetime
{
    internal static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"jobqueue-store-{Guid.NewGuid():N}");
    private ServiceProvider _efServices = default!;

    private string EfFile => Path.Combine(_directory, "ef.db");
    private string SetFile => Path.Combine(_directory, "set.db");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        foreach (var file in new[] { EfFile, SetFile })
        {
            await using var db = new SqliteJobQueueDbContext(new DbContextOptionsBuilder<SqliteJobQueueDbContext>().UseSqlite($"Data Source={file}").Options);
            await db.Database.MigrateAsync();
        }
        _efServices = new ServiceCollection()
            .AddDbContext<JobQueueDbContext, SqliteJobQueueDbContext>(db => db.UseSqlite($"Data Source={EfFile}"))
            .AddLogging()
            .AddStoreConflictPipeline(StoreConflicts.IsConflict)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _efServices.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    internal static readonly Guid A = Guid.Parse("0193a000-0000-7000-8000-00000000000a");
    internal static readonly Guid B = Guid.Parse("0193a000-0000-7000-8000-00000000000b");
    internal static readonly Guid C = Guid.Parse("0193a000-0000-7000-8000-00000000000c");
    internal static readonly Guid D = Guid.Parse("0193a000-0000-7000-8000-00000000000d");
    private static readonly Guid Unknown = Guid.Parse("0193a000-0000-7000-8000-0000000000ff");

    internal static List<Job> Submitted() =>
    [
        Job.Submit(A, "reverse_string", "default", "\"abc\"", "u1", "u1@x", T0),
        Job.Submit(B, "sleep", "default", "{\"seconds\":1,\"steps\":2}", "u1", "u1@x", T0, maxAttempts: 2, timeoutSeconds: 30),
        Job.Submit(C, "fibonacci_calc", "critical", "10", "u2", "u2@x", T0.AddMilliseconds(1)),
        Job.Submit(D, "sleep", "default", "{\"seconds\":1,\"steps\":1}", "u2", "u2@x", T0.AddMilliseconds(2)),
    ];

    internal static JobEvent E(Guid id, JobEventKind kind, int attempt, double seconds, string worker = "w1", double? progress = null,
        string? result = null, string? error = null, bool redelivered = false, double? startedAt = null, double? retryAt = null) =>
        new(id, kind, attempt, "u1", T0.AddSeconds(seconds), worker, Progress: progress, Result: result, Error: error, Redelivered: redelivered,
            StartedAt: startedAt is { } s ? T0.AddSeconds(s) : null, RetryAt: retryAt is { } r ? T0.AddSeconds(r) : null);

    /// <summary>Batches as the recorder gets them: skipped starts, progress, a retry, a redelivery, duplicates, an unknown job, a start after a cancel.</summary>
    internal static readonly JobEvent[][] Batches =
    [
        [
            E(A, JobEventKind.Succeeded, 1, 1.5, result: "cba", startedAt: 1.2),
            E(B, JobEventKind.Started, 1, 1),
            E(B, JobEventKind.Progress, 1, 1.5, progress: 50),
            E(Unknown, JobEventKind.Started, 1, 1),
        ],
        [
            E(B, JobEventKind.Retrying, 1, 2, error: "boom", retryAt: 4),
            E(A, JobEventKind.Succeeded, 1, 1.5, result: "cba", startedAt: 1.2),
            E(C, JobEventKind.Started, 1, 2, worker: "w2"),
            E(C, JobEventKind.Started, 1, 3, worker: "w3", redelivered: true),
            E(D, JobEventKind.Started, 1, 3),
        ],
        [
            E(B, JobEventKind.Succeeded, 2, 5, worker: "w2", result: "slept", startedAt: 4.1),
            E(C, JobEventKind.Failed, 1, 4, worker: "w3", error: "no"),
            E(B, JobEventKind.Progress, 1, 2.5, progress: 90),
            E(D, JobEventKind.Progress, 1, 3.5, progress: 40),
        ],
    ];

    [Fact]
    public async Task SqliteStore_SubmitsEventsAndPublishMarks_LeaveTheRowsTheEfPathLeaves()
    {
        await using var set = new SqliteJobStore($"Data Source={SetFile}", TestJobData.Protector(encryptAtRest: false));
        await CompareWithTheEfPathAsync(
            (new EfJobStore(_efServices.GetRequiredService<IServiceScopeFactory>(), TestJobData.Protector(encryptAtRest: false), _efServices.GetRequiredService<ResiliencePipelineProvider<string>>()), id => CancelAsync(EfFile, id), () => ReadAllAsync(EfFile)),
            (set, id => CancelAsync(SetFile, id), () => ReadAllAsync(SetFile)),
            jobB: "0193A000-0000-7000-8000-00000000000B");
    }

    /// <summary>
    /// The scenario every set-based store must pass against the EF Core path on its own database: the same submits,
    /// publish marks, a cancel (D, while running: its worker's next start must be answered with the cancel again)
    /// and event batches, with the same answers from each and the same rows left.
    /// </summary>
    /// <param name="jobB">Job B's id as the provider writes it in a row.</param>
    internal static async Task CompareWithTheEfPathAsync(
        (IJobStore Store, Func<Guid, Task> Cancel, Func<Task<List<string>>> Rows) ef,
        (IJobStore Store, Func<Guid, Task> Cancel, Func<Task<List<string>>> Rows) set, string jobB)
    {
        var idempotency = new IdempotencyRecord { OwnerId = "u1", Key = "k-1", RequestHash = "ab12", StatusCode = 201, Response = "{\"jobs\":[]}", CreatedAt = T0 };
        foreach (var side in new[] { ef, set })
        {
            await side.Store.InsertAsync(Submitted(), idempotency, CancellationToken.None);
            await side.Store.MarkPublishedAsync([A, B, C], T0.AddMilliseconds(5), CancellationToken.None);
            await side.Cancel(D);
        }

        foreach (var batch in Batches)
        {
            var fromEf = await ef.Store.ApplyAsync(batch, CancellationToken.None);
            var fromSet = await set.Store.ApplyAsync(batch, CancellationToken.None);
            fromSet.Changed.ShouldBe(fromEf.Changed);
            fromSet.Unknown.ShouldBe(fromEf.Unknown);
            fromSet.Recancel.ShouldBe(fromEf.Recancel);
        }

        var efRows = await ef.Rows();
        var setRows = await set.Rows();
        setRows.ShouldBe(efRows);
        efRows.ShouldContain(r => r.StartsWith($"Jobs|{jobB}|sleep|default|Succeeded|", StringComparison.Ordinal));
        efRows.Count(r => r.StartsWith("JobTimeline|", StringComparison.Ordinal)).ShouldBe(11, "A 2, B 4 (a retry), C 3 (a redelivery), D 2 (a cancel)");
        setRows.ShouldContain(r => r.StartsWith("IdempotencyKeys|u1|k-1|ab12|201|", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SqliteStore_StoreReducerAndPageRow_AgreeOnEveryJob()
    {
        await using var set = new SqliteJobStore($"Data Source={SetFile}", TestJobData.Protector(encryptAtRest: false));
        var jobs = Submitted();
        await set.InsertAsync(jobs, null, CancellationToken.None);
        var rows = jobs.Select(JobRow.From).ToDictionary(r => r.Id);
        foreach (var batch in Batches)
        {
            await set.ApplyAsync(batch, CancellationToken.None);
            foreach (var jobEvent in batch.Where(e => rows.ContainsKey(e.JobId)))
                rows[jobEvent.JobId].Apply(jobEvent);
        }

        await using var scope = _efServices.CreateAsyncScope();
        var options = new DbContextOptionsBuilder<SqliteJobQueueDbContext>().UseSqlite($"Data Source={SetFile}").Options;
        await using var db = new SqliteJobQueueDbContext(options);
        foreach (var job in jobs)
        {
            var stored = await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == job.Id);
            var folded = JobReducer.Fold(JobSnapshot.Submitted(job.MaxAttempts), Batches.SelectMany(b => b).Where(e => e.JobId == job.Id));
            stored.Snapshot.ShouldBe(folded, $"store vs reducer, job {job.Id}");
            rows[job.Id].State.ShouldBe(folded, $"page row vs reducer, job {job.Id}");
        }
    }

    [Fact]
    public async Task SqliteStore_DuplicateIdempotencyKey_StoresNothingAndStaysUsable()
    {
        await using var set = new SqliteJobStore($"Data Source={SetFile}", TestJobData.Protector(encryptAtRest: false));
        var record = new IdempotencyRecord { OwnerId = "u1", Key = "k", RequestHash = "h", StatusCode = 201, Response = "{}", CreatedAt = T0 };
        await set.InsertAsync([Submitted()[0]], record, CancellationToken.None);

        await Should.ThrowAsync<SqliteException>(() => set.InsertAsync([Submitted()[1]], record, CancellationToken.None));

        (await ReadAllAsync(SetFile)).Count(r => r.StartsWith("Jobs|", StringComparison.Ordinal)).ShouldBe(1, "the refused batch stored no job");
        await set.InsertAsync([Submitted()[2]], null, CancellationToken.None);
        (await ReadAllAsync(SetFile)).Count(r => r.StartsWith("Jobs|", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task SqliteStore_DatabaseLockedMeanwhile_FailsThenWorksWhenItIsFree()
    {
        await using var set = new SqliteJobStore($"Data Source={SetFile};Default Timeout=1", TestJobData.Protector(encryptAtRest: false));
        await using (var holder = new SqliteConnection($"Data Source={SetFile}"))
        {
            await holder.OpenAsync();
            await using var lockIt = holder.CreateCommand();
            lockIt.CommandText = "BEGIN IMMEDIATE;";
            await lockIt.ExecuteNonQueryAsync();

            await Should.ThrowAsync<SqliteException>(() => set.InsertAsync(Submitted(), null, CancellationToken.None));
            lockIt.CommandText = "ROLLBACK;";
            await lockIt.ExecuteNonQueryAsync();
        }
        await set.InsertAsync(Submitted(), null, CancellationToken.None);
        (await ReadAllAsync(SetFile)).Count(r => r.StartsWith("Jobs|", StringComparison.Ordinal)).ShouldBe(4);
    }

    private static async Task CancelAsync(string file, Guid id)
    {
        var options = new DbContextOptionsBuilder<SqliteJobQueueDbContext>().UseSqlite($"Data Source={file}").Options;
        await using var db = new SqliteJobQueueDbContext(options);
        var job = await db.Jobs.SingleAsync(j => j.Id == id);
        job.Apply(E(id, JobEventKind.Started, 1, 0.5));
        job.RequestCancel(T0.AddSeconds(0.6)).ShouldBe(JobEventKind.Cancelling);
        await db.SaveChangesAsync();
    }

    /// <summary>Every row of the tables the store writes, as text, in a stable order (timeline ids left out: they only count).</summary>
    private static async Task<List<string>> ReadAllAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        var rows = new List<string>();
        foreach (var (table, sql) in new[]
        {
            ("Jobs", """SELECT * FROM "Jobs" ORDER BY "Id" """),
            ("JobTimeline", """SELECT "JobId", "Status", "At", "Attempt", "WorkerId", "Note" FROM "JobTimeline" ORDER BY "JobId", "At", "Id" """),
            ("IdempotencyKeys", """SELECT * FROM "IdempotencyKeys" ORDER BY "OwnerId", "Key" """),
        })
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using DbDataReader reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(table + "|" + string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        }
        return rows;
    }
}
