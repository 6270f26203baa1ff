namespace JobQueue.Dashboard.Bulk;

/// <summary>A bulk operation and its progress, stored so that any dashboard can answer for it.</summary>
public sealed class BulkOperation
{
    public Guid Id { get; init; }
    public BulkAction Action { get; init; }
    public required string Filter { get; init; }
    public required string OwnerId { get; init; }
    public required string Owner { get; init; }

    /// <summary>Started by an admin: it takes every user's jobs that match, not only the owner's.</summary>
    public bool AsAdmin { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? FinishedAt { get; set; }
    public BulkOperationStatus Status { get; set; }

    /// <summary>How many jobs matched when it started.</summary>
    public int Total { get; init; }

    /// <summary>How many it has cancelled, requeued or deleted so far.</summary>
    public int Done { get; set; }

    public string? Error { get; set; }
}
