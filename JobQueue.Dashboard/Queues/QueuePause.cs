namespace JobQueue.Dashboard.Queues;

/// <summary>A queue an admin paused: no worker consumes it until it is resumed.</summary>
public sealed class QueuePause
{
    public required string Name { get; init; }
    public DateTime PausedAt { get; init; }
    public required string PausedBy { get; init; }
}
