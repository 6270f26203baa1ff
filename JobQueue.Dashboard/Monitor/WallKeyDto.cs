namespace JobQueue.Dashboard.Monitor;

/// <param name="Queues">The queues its walls show; empty for every queue.</param>
public sealed record WallKeyDto(Guid Id, string Name, DateTime CreatedAt, string CreatedBy, DateTime? RevokedAt, bool ShowErrors, IReadOnlyList<string> Queues)
{
    public static WallKeyDto From(WallKey key) => new(key.Id, key.Name, key.CreatedAt, key.CreatedBy, key.RevokedAt, key.ShowErrors, key.QueueList);
}
