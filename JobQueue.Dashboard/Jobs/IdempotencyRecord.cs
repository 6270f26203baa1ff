namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// The answer to a submit that carried an <c>Idempotency-Key</c>, kept for <see cref="JobsOptions.IdempotencyKeyLifetime"/>:
/// the same key from the same user gets this answer again instead of new jobs.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string OwnerId { get; init; }
    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of the endpoint and body the key was first used with: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    public int StatusCode { get; init; }

    /// <summary>The answer's JSON body, as it was sent.</summary>
    public required string Response { get; init; }

    public DateTime CreatedAt { get; init; }
}
