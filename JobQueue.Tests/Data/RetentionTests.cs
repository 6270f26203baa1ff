using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Leases;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JobQueue.Tests.Data;

/// <summary>
/// Retention on a real database file and a fake clock: finished jobs (and their timelines) older than Jobs:Retention and
/// dead letters older than Jobs:DeadLetterRetention go once the clock has moved past them; recent ones and unfinished
/// jobs of any age stay.
/// </summary>
public sealed class RetentionTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(T0));
    private MigratedSqliteFile _database = default!;
    private OnceOnlyDuties _duties = default!;

    public async Task InitializeAsync()
    {
        _database = await MigratedSqliteFile.CreateAsync("retention", services => services.AddJobQueueResilience());
        _duties = new OnceOnlyDuties(_database.Services.GetRequiredService<IServiceScopeFactory>(), new DashboardInstance(),
            Options.Create(new LeaseOptions()), _clock, NullLogger<OnceOnlyDuties>.Instance, _database.Services);
        await _duties.StartAsync(CancellationToken.None);
        await HeldAsync();
    }

    public async Task DisposeAsync()
    {
        await _duties.StopAsync(CancellationToken.None);
        await _database.DisposeAsync();
    }

    public void Dispose() => _duties.Dispose();

    private Task<bool> HeldAsync() =>
        Eventually.ReadAsync(() => Task.FromResult(_duties.IsHeld), held => held, "the lease held", TimeSpan.FromSeconds(10));

    [Fact]
    public async Task Sweep_AfterTheRetentionHasPassed_DeletesOldFinishedJobsTheirTimelinesAndOldDeadLetters_KeepsTheRest()
    {
        var oldSucceeded = Finished(JobEventKind.Succeeded, T0.AddHours(-1));
        var oldFailed = Finished(JobEventKind.Failed, T0.AddHours(-2));
        var recent = Finished(JobEventKind.Succeeded, T0.AddDays(3));
        var ancientButRunning = Job.Submit(Guid.CreateVersion7(), "sleep", "default", "{}", "u1", "u1@x", T0.AddDays(-30));
        ancientButRunning.Apply(new JobEvent(ancientButRunning.Id, JobEventKind.Started, 1, "u1", T0.AddDays(-30), "w1"));
        var scheduledFarAhead = Job.Submit(Guid.CreateVersion7(), "sleep", "default", "{}", "u1", "u1@x", T0.AddDays(-10), runAt: T0.AddDays(30));
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.Jobs.AddRange(oldSucceeded, oldFailed, recent, ancientButRunning, scheduledFarAhead);
            db.DeadLetters.AddRange(Letter(oldFailed.Id, T0.AddDays(-24)), Letter(null, T0.AddDays(-22)));
            await db.SaveChangesAsync();
        }
        var retention = new JobRetention(_database.Services.GetRequiredService<IServiceScopeFactory>(), _duties, Options.Create(new JobsOptions()), _clock,
            NullLogger<JobRetention>.Instance, _database.Services);
        var letterRetention = new DeadLetterRetention(_database.Services.GetRequiredService<IServiceScopeFactory>(), _duties, Options.Create(new JobsOptions()),
            _clock, NullLogger<DeadLetterRetention>.Instance, _database.Services);

        (await retention.SweepAsync(CancellationToken.None)).ShouldBe(0, "no job is past its time yet");
        (await letterRetention.SweepAsync(CancellationToken.None)).ShouldBe(0, "no dead letter is past its time yet");
        _clock.Advance(TimeSpan.FromDays(7));
        await HeldAsync();

        (await retention.SweepAsync(CancellationToken.None)).ShouldBe(2);
        (await letterRetention.SweepAsync(CancellationToken.None)).ShouldBe(1);
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            (await db.Jobs.Select(j => j.Id).ToListAsync()).ShouldBe([recent.Id, ancientButRunning.Id, scheduledFarAhead.Id], ignoreOrder: true);
            (await db.JobTimeline.Select(t => t.JobId).Distinct().ToListAsync()).ShouldBe([recent.Id, ancientButRunning.Id], ignoreOrder: true);
            (await db.DeadLetters.Select(d => d.DeadAt).ToListAsync()).ShouldBe([T0.AddDays(-22)]);
        }
        (await retention.SweepAsync(CancellationToken.None)).ShouldBe(0, "a second sweep finds nothing more");
        (await letterRetention.SweepAsync(CancellationToken.None)).ShouldBe(0, "a second sweep finds nothing more");
    }

    [Fact]
    public async Task Sweep_OfMoreJobsThanOneBatch_DeletesThemAllInBatches()
    {
        var jobs = Enumerable.Range(0, JobRetention.BatchSize * 2 + 10).Select(i => Finished(JobEventKind.Succeeded, T0.AddMinutes(-i - 1))).ToList();
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            db.Jobs.AddRange(jobs);
            await db.SaveChangesAsync();
        }
        var retention = new JobRetention(_database.Services.GetRequiredService<IServiceScopeFactory>(), _duties,
            Options.Create(new JobsOptions { Retention = TimeSpan.FromDays(1) }), _clock, NullLogger<JobRetention>.Instance, _database.Services);
        _clock.Advance(TimeSpan.FromDays(1));
        await HeldAsync();

        (await retention.SweepAsync(CancellationToken.None)).ShouldBe(jobs.Count);

        await using (var scope = _database.Services.CreateAsyncScope())
            (await scope.ServiceProvider.GetRequiredService<JobQueueDbContext>().JobTimeline.CountAsync()).ShouldBe(0);
    }

    private static Job Finished(JobEventKind outcome, DateTime at)
    {
        var job = Job.Submit(Guid.CreateVersion7(), "reverse_string", "default", "\"x\"", "u1", "u1@x", at.AddMinutes(-1));
        job.Apply(new JobEvent(job.Id, JobEventKind.Started, 1, "u1", at.AddSeconds(-1), "w1"));
        job.Apply(new JobEvent(job.Id, outcome, 1, "u1", at, "w1", Result: "x", Error: outcome == JobEventKind.Failed ? "bad" : null));
        return job;
    }

    private static DeadLetter Letter(Guid? jobId, DateTime at) =>
        new() { JobId = jobId, Reason = "failed", Body = "{}", DeadAt = at, Attempts = 1 };
}
