namespace JobQueue.Dashboard.Monitor;

/// <summary>A read-only key that opens the wall (<c>/wall?key=...</c>), so a TV need not sign in as a person.</summary>
public sealed class WallKey
{
    public Guid Id { get; init; }
    public required string Name { get; init; }

    /// <summary>SHA-256 of the key, hex: the key itself is shown once, when it is created, and never stored.</summary>
    public required string KeyHash { get; init; }

    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>The wall shows the error texts of failed jobs; without it, only that they failed (a wall is seen by anyone in the room).</summary>
    public bool ShowErrors { get; init; }

    /// <summary>The queues its walls show, comma-separated; empty for every queue.</summary>
    public string Queues { get; init; } = "";

    public IReadOnlyList<string> QueueList => Queues.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
