namespace JobQueue.Dashboard.Queues;

/// <summary>A queue an admin created (or <c>default</c>, which always exists): jobs can be submitted only to these.</summary>
public sealed class QueueDefinition
{
    public required string Name { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
}
