namespace JobQueue.Client;

/// <summary>How a job is submitted besides its type and payload; every one may be left out.</summary>
public sealed record SubmitOptions
{
    /// <summary>The queue (it must exist); <c>default</c> when left out.</summary>
    public string? Queue { get; init; }

    /// <summary>1 to 10; the type's default when left out.</summary>
    public int? MaxAttempts { get; init; }

    /// <summary>1 to 86,400 seconds; the type's default when left out.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary><c>high</c>, <c>normal</c> (the default) or <c>low</c>, within its queue.</summary>
    public string? Priority { get; init; }

    /// <summary>Run this long from now instead of at once.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>Run at this time instead of at once.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Refused (409) while an unfinished job of yours has the same key.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>
    /// The submit's Idempotency-Key; the client makes one per call when left out. A call the client tries again (the
    /// connection broke, the dashboard answered 503) sends the same key, so the job is made once.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
