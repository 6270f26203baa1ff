namespace JobQueue.Dashboard.Audit;

/// <summary>One recorded action: who (<see cref="ActorId"/>, <see cref="Actor"/>), when, what (<see cref="Action"/> on <see cref="Target"/>), from where.</summary>
public sealed class AuditEntry
{
    public const int MaxTextLength = 500;

    public long Id { get; init; }
    public DateTime At { get; init; }
    public required string ActorId { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public string? Details { get; init; }
    public string? Address { get; init; }
    public required string Via { get; init; }
}
