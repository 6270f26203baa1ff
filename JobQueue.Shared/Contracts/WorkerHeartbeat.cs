namespace JobQueue.Shared.Contracts;

/// <param name="Transport">How the worker takes jobs: null for AMQP (a .NET worker), <c>http</c> for an HTTP worker the dashboards announce.</param>
/// <param name="LastCallAt">An HTTP worker's last fetch.</param>
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
    IReadOnlyList<string>? MissingQueues = null,
    string? Transport = null,
    DateTime? LastCallAt = null);
