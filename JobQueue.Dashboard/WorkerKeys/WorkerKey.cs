namespace JobQueue.Dashboard.WorkerKeys;

/// <summary>
/// A key an HTTP worker (a process in any language) authenticates with to fetch and ack jobs:
/// <c>Authorization: Bearer jqwk_...</c>. Admins create and revoke them; one may be limited to some queues and job types.
/// </summary>
public sealed class WorkerKey
{
    public Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>SHA-256 of the key, hex: the key itself is shown once, when it is created, and never stored.</summary>
    public required string KeyHash { get; init; }

    /// <summary>The queues it may fetch from, comma-separated; empty for any.</summary>
    public string Queues { get; init; } = "";

    /// <summary>The job types it may take, comma-separated; empty for any.</summary>
    public string Types { get; init; } = "";

    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? RevokedAt { get; set; }

    public IReadOnlyList<string> QueueList => Split(Queues);
    public IReadOnlyList<string> TypeList => Split(Types);

    public static string Join(IEnumerable<string>? names) => string.Join(',', (names ?? []).Select(n => n.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal));

    private static string[] Split(string names) => names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
