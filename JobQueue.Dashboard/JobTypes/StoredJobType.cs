namespace JobQueue.Dashboard.JobTypes;

/// <summary>A job type as the catalog stores it: what its workers last advertised, kept while they are away.</summary>
public sealed class StoredJobType
{
    public required string Name { get; init; }
    public string? Description { get; set; }

    /// <summary>The payload's JSON Schema, as JSON text.</summary>
    public required string Schema { get; set; }
    public int DefaultTimeoutSeconds { get; set; }
    public int DefaultMaxAttempts { get; set; }
    public DateTime FirstAdvertisedAt { get; init; }
    public DateTime LastAdvertisedAt { get; set; }

    /// <summary>The worker whose advertisement this is.</summary>
    public required string LastAdvertisedBy { get; set; }

    /// <summary>Who owns it (<see cref="JobTypeOwners"/>); null for a type stored before types had owners.</summary>
    public string? Owner { get; set; }
}
