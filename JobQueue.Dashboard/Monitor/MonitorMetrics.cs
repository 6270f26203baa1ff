using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Workers;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Collections;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Monitor;

/// <summary>
/// The monitor's figures, taken from this instance's live stream as events arrive: per-second counts of finished
/// jobs for the last 15 minutes, queue wait and run time over the last 5, the jobs running now, the latest
/// failures and a history of the worker count. Memory is fixed whatever the event rate.
/// </summary>
public sealed class MonitorMetrics : SupervisedBackgroundService
{
    public static readonly TimeSpan ThroughputWindow = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LatencyWindowLength = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan WorkerHistoryWindow = TimeSpan.FromHours(1);

    /// <summary>Queue figures are read every second; three missed readings mean the data has stopped.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(3);

    /// <summary>Every open monitor and wall renders several times a second; they share one snapshot per period.</summary>
    private static readonly TimeSpan SnapshotReuse = TimeSpan.FromMilliseconds(200);

    private const int LatestFailureCount = 10;
    private const int RememberedEndings = 20_000;

    private readonly Lock _lock = new();
    private readonly int _throughputSeconds = (int)ThroughputWindow.TotalSeconds;
    private readonly long[] _secondOfSlot;
    private readonly int[] _succeeded, _failed, _cancelled;
    private readonly LatencyWindow _queueWait = new((int)LatencyWindowLength.TotalSeconds);
    private readonly LatencyWindow _runTime = new((int)LatencyWindowLength.TotalSeconds);
    private readonly Dictionary<Guid, string?> _running = [];
    private readonly LinkedList<FailureView> _failures = new();
    private readonly List<WorkerCountPoint> _workerHistory = [];

    // Two events may end the same job (a cancel noticed by the dashboard and then by the worker that skips it):
    // count each job once.
    private readonly BoundedMemory<Guid, bool> _ended = new(RememberedEndings);

    private readonly WorkerRegistry _workers;
    private readonly IQueueStats _queues;
    private readonly TimeProvider _time;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<MonitorMetrics> _logger;
    private readonly IDisposable _subscription;
    private MonitorSnapshot? _latest;

    public MonitorMetrics(LiveEvents events, WorkerRegistry workers, IQueueStats queues, TimeProvider time,
        IServiceScopeFactory scopes, ILogger<MonitorMetrics> logger, IServiceProvider services) : base(services)
    {
        _workers = workers;
        _queues = queues;
        _time = time;
        _scopes = scopes;
        _logger = logger;
        _secondOfSlot = new long[_throughputSeconds];
        _succeeded = new int[_throughputSeconds];
        _failed = new int[_throughputSeconds];
        _cancelled = new int[_throughputSeconds];
        _subscription = events.Subscribe(Observe);
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private static long SecondOf(DateTime at) => new DateTimeOffset(at, TimeSpan.Zero).ToUnixTimeSeconds();

    public void Observe(LiveEvent liveEvent)
    {
        lock (_lock)
        {
            switch (liveEvent)
            {
                case LiveEvent.JobChanged { Event: var jobEvent }:
                    ObserveJob(jobEvent);
                    break;
                case LiveEvent.WorkerBeat { Heartbeat: var beat }:
                    foreach (var (jobId, workerId) in _running.ToList())
                    {
                        if (workerId == beat.WorkerId && !beat.RunningJobIds.Contains(jobId))
                            _running.Remove(jobId);
                    }
                    foreach (var jobId in beat.RunningJobIds)
                    {
                        if (!_ended.ContainsKey(jobId))
                            _running[jobId] = beat.WorkerId;
                    }
                    break;
                case LiveEvent.WorkerGone { Stopped: var stopped }:
                    foreach (var (jobId, workerId) in _running.ToList())
                    {
                        if (workerId == stopped.WorkerId)
                            _running.Remove(jobId);
                    }
                    break;
            }
        }
    }

    private void ObserveJob(JobEvent jobEvent)
    {
        switch (jobEvent.Status)
        {
            case JobStatus.Running or JobStatus.Cancelling:
                if (!_ended.ContainsKey(jobEvent.JobId))
                    _running[jobEvent.JobId] = jobEvent.WorkerId ?? _running.GetValueOrDefault(jobEvent.JobId);
                return;
            case JobStatus.Queued or JobStatus.Retrying:
                _running.Remove(jobEvent.JobId);
                return;
        }

        _running.Remove(jobEvent.JobId);
        if (!_ended.TryAdd(jobEvent.JobId, true))
            return;
        var second = SecondOf(Now);
        var slot = (int)(second % _throughputSeconds);
        if (_secondOfSlot[slot] != second)
        {
            _secondOfSlot[slot] = second;
            _succeeded[slot] = _failed[slot] = _cancelled[slot] = 0;
        }
        switch (jobEvent.Status)
        {
            case JobStatus.Succeeded:
                _succeeded[slot]++;
                break;
            case JobStatus.Failed:
                _failed[slot]++;
                _failures.AddFirst(new FailureView(jobEvent.JobId, jobEvent.Type, jobEvent.Queue, jobEvent.Error, jobEvent.WorkerId, jobEvent.At, jobEvent.OwnerId));
                if (_failures.Count > LatestFailureCount)
                    _failures.RemoveLast();
                break;
            default:
                _cancelled[slot]++;
                break;
        }
        if (jobEvent is { Status: not JobStatus.Cancelled, StartedAt: { } startedAt })
        {
            if (jobEvent.SubmittedAt is { } submittedAt)
                _queueWait.Add(second, startedAt - submittedAt);
            _runTime.Add(second, jobEvent.At - startedAt);
        }
    }

    public MonitorSnapshot Snapshot()
    {
        var now = Now;
        if (_latest is { } latest && now >= latest.At && now - latest.At < SnapshotReuse)
            return latest;
        var nowSecond = SecondOf(now);
        var workers = _workers.All;
        var queues = _queues.Latest;
        lock (_lock)
        {
            var throughput = new ThroughputPoint[_throughputSeconds];
            int succeededLastMinute = 0, failedLastMinute = 0, cancelledLastMinute = 0;
            for (var i = 0; i < _throughputSeconds; i++)
            {
                var second = nowSecond - _throughputSeconds + 1 + i;
                var slot = (int)(second % _throughputSeconds);
                var current = _secondOfSlot[slot] == second;
                var point = new ThroughputPoint(DateTimeOffset.FromUnixTimeSeconds(second).UtcDateTime,
                    current ? _succeeded[slot] : 0, current ? _failed[slot] : 0, current ? _cancelled[slot] : 0);
                throughput[i] = point;
                if (second > nowSecond - 60)
                {
                    succeededLastMinute += point.Succeeded;
                    failedLastMinute += point.Failed;
                    cancelledLastMinute += point.Cancelled;
                }
            }
            return _latest = new MonitorSnapshot(
                now,
                workers.Count(w => w.IsOnline),
                workers.Count(w => w.State == WorkerDisplayState.Stale),
                _running.Count,
                succeededLastMinute,
                failedLastMinute,
                cancelledLastMinute,
                throughput,
                _queueWait.Summarize(nowSecond),
                _runTime.Summarize(nowSecond),
                [.. _failures],
                [.. _workerHistory],
                queues,
                queues is null ? null : now - queues.At > StaleAfter ? queues.At : null);
        }
    }

    /// <summary>The online-worker count over the last hour: its changes, oldest first.</summary>
    public IReadOnlyList<WorkerCountPoint> WorkerHistory
    {
        get
        {
            lock (_lock)
                return [.. _workerHistory];
        }
    }

    /// <summary>Seeds the latest failures from the database, then samples the worker count every second.</summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await SeedFailuresAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), _time);
        do
        {
            SampleWorkerCount();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public void SampleWorkerCount()
    {
        var now = Now;
        var online = _workers.All.Count(w => w.IsOnline);
        lock (_lock)
        {
            if (_workerHistory.Count == 0 || _workerHistory[^1].Online != online)
                _workerHistory.Add(new WorkerCountPoint(now, online));
            // Keep the last point before the window: it says what the count was when the window starts.
            while (_workerHistory.Count > 1 && _workerHistory[1].At < now - WorkerHistoryWindow)
                _workerHistory.RemoveAt(0);
        }
    }

    /// <summary>The worker count at <paramref name="points"/> evenly spaced moments up to <paramref name="now"/>, for a chart.</summary>
    public static IReadOnlyList<double> Resample(IReadOnlyList<WorkerCountPoint> history, DateTime now, TimeSpan window, int points)
    {
        var values = new double[points];
        var next = 0;
        var current = 0;
        for (var i = 0; i < points; i++)
        {
            var at = now - window + (window * i / (points - 1));
            while (next < history.Count && history[next].At <= at)
                current = history[next++].Online;
            values[i] = current;
        }
        return values;
    }

    private async Task SeedFailuresAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var data = scope.ServiceProvider.GetRequiredService<JobDataProtector>();
            var stored = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Failed)
                .OrderByDescending(j => j.CreatedAt).Take(LatestFailureCount)
                .Select(j => new FailureView(j.Id, j.Type, j.Queue, j.Error, j.WorkerId, j.FinishedAt ?? j.CreatedAt, j.OwnerId))
                .ToListAsync(cancellationToken);
            var failed = stored.Select(f => f with { Error = data.Open(f.OwnerId!, f.Error) }).ToList();
            lock (_lock)
            {
                foreach (var failure in failed.OrderByDescending(f => f.At))
                {
                    if (_failures.Count < LatestFailureCount && _failures.All(f => f.JobId != failure.JobId))
                        _failures.AddLast(failure);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(ex, "Could not read the latest failures from the database; the monitor lists only new ones");
        }
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }
}
