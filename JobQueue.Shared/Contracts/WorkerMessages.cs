namespace JobQueue.Shared.Contracts;

/// <summary>What a worker says it is doing; the dashboard adds Stale (no recent heartbeat) and Stopped.</summary>
public enum WorkerState
{
    Active,
    Paused,
    Draining,
}

public sealed record WorkerHeartbeat(
    string WorkerId,
    string Host,
    int Pid,
    string Version,
    IReadOnlyList<string> Queues,
    int Concurrency,
    IReadOnlyList<Guid> RunningJobIds,
    long Processed,
    long Failed,
    IReadOnlyList<string> JobTypes,
    DateTime StartedAt,
    DateTime At,
    WorkerState State = WorkerState.Active,
    IReadOnlyList<string>? PausedQueues = null,
    IReadOnlyList<string>? MissingQueues = null);

public sealed record WorkerStopped(string WorkerId, string Host, int Pid, DateTime At);
