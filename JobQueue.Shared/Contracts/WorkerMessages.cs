namespace JobQueue.Shared.Contracts;

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
    DateTime At);

public sealed record WorkerStopped(string WorkerId, string Host, int Pid, DateTime At);
