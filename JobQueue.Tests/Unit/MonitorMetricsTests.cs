using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Monitor;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Workers;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JobQueue.Tests.Unit;

public class MonitorMetricsTests
{
    private static readonly DateTime Start = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void LatencyWindow_Percentiles_AreWithinTenPercentOfTheExactOnes()
    {
        var window = new LatencyWindow(300);
        for (var ms = 1; ms <= 1000; ms++)
            window.Add(1000 + (ms % 300), TimeSpan.FromMilliseconds(ms));

        var summary = window.Summarize(1299);
        summary.Count.ShouldBe(1000);
        summary.P50Ms!.Value.ShouldBeInRange(500 * 0.9, 500 * 1.1);
        summary.P95Ms!.Value.ShouldBeInRange(950 * 0.9, 950 * 1.1);
    }

    [Fact]
    public void LatencyWindow_ForgetsSecondsThatLeftTheWindow()
    {
        var window = new LatencyWindow(300);
        window.Add(1000, TimeSpan.FromSeconds(5));
        window.Summarize(1299).Count.ShouldBe(1);
        window.Summarize(1300).ShouldBe(new LatencySummary(null, null, 0));
    }

    [Fact]
    public void Observe_CountsEachJobOnce_TracksRunningJobs_AndKeepsTheLatestFailures()
    {
        var (metrics, time) = Create();
        var job = Guid.NewGuid();
        metrics.Observe(Changed(job, JobEventKind.Started, startedAt: Start));
        metrics.Snapshot().RunningNow.ShouldBe(1);

        time.Advance(TimeSpan.FromSeconds(2));
        metrics.Observe(Changed(job, JobEventKind.Succeeded, startedAt: Start, at: Start.AddSeconds(2)));
        metrics.Observe(Changed(job, JobEventKind.Succeeded, startedAt: Start, at: Start.AddSeconds(2)));
        var failed = Guid.NewGuid();
        metrics.Observe(Changed(failed, JobEventKind.Failed, startedAt: Start, error: "boom"));
        metrics.Observe(Changed(Guid.NewGuid(), JobEventKind.Cancelled));

        time.Advance(TimeSpan.FromSeconds(1));
        var snapshot = metrics.Snapshot();
        snapshot.RunningNow.ShouldBe(0);
        snapshot.SucceededLastMinute.ShouldBe(1);
        snapshot.FailedLastMinute.ShouldBe(1);
        snapshot.CancelledLastMinute.ShouldBe(1);
        snapshot.Throughput.Count.ShouldBe(900);
        snapshot.Throughput.Sum(p => p.Succeeded).ShouldBe(1);
        snapshot.LatestFailures.ShouldHaveSingleItem().JobId.ShouldBe(failed);
        snapshot.QueueWait.Count.ShouldBe(2);
        snapshot.RunTime.P95Ms!.Value.ShouldBeInRange(1800, 2200);

        time.Advance(TimeSpan.FromMinutes(1));
        metrics.Snapshot().SucceededLastMinute.ShouldBe(0);
        metrics.Snapshot().Throughput.Sum(p => p.Succeeded).ShouldBe(1);
    }

    [Fact]
    public void Observe_AHeartbeatReplacesItsWorkersRunningJobs()
    {
        var (metrics, time) = Create();
        metrics.Observe(Changed(Guid.NewGuid(), JobEventKind.Started, worker: "w1"));
        var stillRunning = Guid.NewGuid();
        metrics.Observe(new LiveEvent.WorkerBeat(new WorkerHeartbeat("w1", "h", 1, "1", ["q"], 4, [stillRunning], 0, 0, [], Start, Start)));
        time.Advance(TimeSpan.FromSeconds(1));
        metrics.Snapshot().RunningNow.ShouldBe(1);

        metrics.Observe(new LiveEvent.WorkerGone(new WorkerStopped("w1", "h", 1, Start)));
        time.Advance(TimeSpan.FromSeconds(1));
        metrics.Snapshot().RunningNow.ShouldBe(0);
    }

    [Fact]
    public void Resample_GivesTheCountAtEachMoment()
    {
        var history = new List<WorkerCountPoint> { new(Start, 2), new(Start.AddMinutes(30), 3) };
        var values = MonitorMetrics.Resample(history, Start.AddMinutes(60), TimeSpan.FromMinutes(60), 5);
        values.ShouldBe([2, 2, 3, 3, 3]);
    }

    private static LiveEvent.JobChanged Changed(Guid id, JobEventKind kind, DateTime? startedAt = null, DateTime? at = null, string? error = null, string worker = "w1") =>
        new LiveEvent.JobChanged(new JobEvent(id, kind, 1, "owner", at ?? Start, worker, "sleep", "q", Error: error,
            SubmittedAt: startedAt?.AddMilliseconds(-100), StartedAt: startedAt));

    private static (MonitorMetrics Metrics, ManualClock Time) Create()
    {
        var time = new ManualClock(Start);
        var events = new LiveEvents(NullLogger<LiveEvents>.Instance, TimeProvider.System);
        var services = new ServiceCollection().AddLogging().AddJobQueueResilience().BuildServiceProvider();
        var workers = new WorkerRegistry(events, time);
        var metrics = new MonitorMetrics(new LiveEvents(NullLogger<LiveEvents>.Instance, TimeProvider.System), workers, new NoQueueStats(), time,
            services.GetRequiredService<IServiceScopeFactory>(), NullLogger<MonitorMetrics>.Instance, services);
        return (metrics, time);
    }
}

/// <summary>Queues that have not been read yet.</summary>
public sealed class NoQueueStats : IQueueStats
{
    public QueueStats? Latest => null;
}

/// <summary>A clock that moves only when a test says so.</summary>
public sealed class ManualClock(DateTime start) : TimeProvider
{
    private DateTimeOffset _now = new(start);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
