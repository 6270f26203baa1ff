using JobQueue.Dashboard.Live;

namespace JobQueue.Dashboard.Monitor;

/// <summary>Everything the monitor and the wall show, at one moment.</summary>
public sealed record MonitorSnapshot(
    DateTime At,
    int WorkersOnline,
    int WorkersStale,
    int RunningNow,
    int SucceededLastMinute,
    int FailedLastMinute,
    int CancelledLastMinute,
    IReadOnlyList<ThroughputPoint> Throughput,
    LatencySummary QueueWait,
    LatencySummary RunTime,
    IReadOnlyList<FailureView> LatestFailures,
    IReadOnlyList<WorkerCountPoint> WorkerHistory,
    QueueStats? Queues,
    DateTime? StaleSince);
