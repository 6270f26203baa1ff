namespace JobQueue.Shared.JobTypes;

/// <summary>The per-job settings a submitter may choose besides the payload, and the rules both processes check them by.</summary>
public static class JobLimits
{
    public const int DefaultMaxAttempts = 3;
    public const int MinAttempts = 1;
    public const int MaxAttempts = 10;

    /// <summary>One day: a longer job should report progress and be split, not hold a delivery for days.</summary>
    public const int MaxTimeoutSeconds = 86_400;

    public static string? ValidateMaxAttempts(int? maxAttempts) =>
        maxAttempts is null or (>= MinAttempts and <= MaxAttempts)
            ? null
            : $"maxAttempts must be between {MinAttempts} and {MaxAttempts}; {maxAttempts} is out of range.";

    public static string? ValidateTimeout(int? timeoutSeconds) =>
        timeoutSeconds is null or (>= 1 and <= MaxTimeoutSeconds)
            ? null
            : $"timeoutSeconds must be between 1 and {MaxTimeoutSeconds} (one day); {timeoutSeconds} is out of range.";

    /// <summary>How long one attempt may run: the job's own timeout, or its type's default.</summary>
    public static TimeSpan Timeout(string type, int? timeoutSeconds) =>
        timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds)
        : JobTypeCatalog.TryGet(type, out var info) ? info.DefaultTimeout
        : JobTypeCatalog.FallbackTimeout;
}
