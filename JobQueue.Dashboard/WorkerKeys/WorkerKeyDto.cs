namespace JobQueue.Dashboard.WorkerKeys;

/// <param name="Queues">The queues the key may fetch from; empty for any.</param>
/// <param name="Types">The job types it may take; empty for any.</param>
public sealed record WorkerKeyDto(Guid Id, string Name, IReadOnlyList<string> Queues, IReadOnlyList<string> Types, DateTime CreatedAt,
    string CreatedBy, DateTime? RevokedAt)
{
    public static WorkerKeyDto From(WorkerKey key) =>
        new(key.Id, key.Name, key.QueueList, key.TypeList, key.CreatedAt, key.CreatedBy, key.RevokedAt);

    public bool MayFetch(string queue) => Queues.Count == 0 || Queues.Contains(queue, StringComparer.Ordinal);

    public bool MayTake(string type) => Types.Count == 0 || Types.Contains(type, StringComparer.Ordinal);
}
