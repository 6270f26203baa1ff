namespace JobQueue.Dashboard.Workers;

public sealed record WorkerDto(
    string Id, string Host, int Pid, string Version, IReadOnlyList<string> Queues, int Concurrency,
    IReadOnlyList<Guid> RunningJobIds, long Processed, long Failed, IReadOnlyList<string> JobTypes,
    DateTime StartedAt, DateTime LastHeartbeat, WorkerDisplayState State, IReadOnlyList<string> PausedQueues, IReadOnlyList<string> MissingQueues,
    string Transport, DateTime? LastCallAt)
{
    public static WorkerDto From(WorkerView view) => new(view.Last.WorkerId, view.Last.Host, view.Last.Pid, view.Last.Version,
        view.Last.Queues, view.Last.Concurrency, view.Last.RunningJobIds, view.Last.Processed, view.Last.Failed,
        view.Last.JobTypes, view.Last.StartedAt, view.Last.At, view.State, view.Last.PausedQueues ?? [], view.Last.MissingQueues ?? [],
        view.Last.Transport ?? "amqp", view.Last.LastCallAt);
}
