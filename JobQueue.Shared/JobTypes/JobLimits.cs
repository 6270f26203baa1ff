namespace JobQueue.Shared.JobTypes;

/// <summary>The per-job settings a submitter may choose besides the payload, and the rules both processes check them by.</summary>
public static class JobLimits
{
    public const int DefaultMaxAttempts = 3;
    public const int MinAttempts = 1;
    public const int MaxAttempts = 10;

    /// <summary>One day: a longer job should report progress and be split, not hold a delivery for days.</summary>
    public const int MaxTimeoutSeconds = 86_400;

    /// <param name="subject">How the message names the setting: the API's field, or a form's label.</param>
    public static string? ValidateMaxAttempts(int? maxAttempts, string subject = "maxAttempts") =>
        maxAttempts is null or (>= MinAttempts and <= MaxAttempts)
            ? null
            : $"{subject} must be between {MinAttempts} and {MaxAttempts}; {maxAttempts} is out of range.";

    /// <param name="subject">How the message names the setting: the API's field, or a form's label.</param>
    public static string? ValidateTimeout(int? timeoutSeconds, string subject = "timeoutSeconds") =>
        timeoutSeconds is null or (>= 1 and <= MaxTimeoutSeconds)
            ? null
            : $"{subject} must be between 1 and {MaxTimeoutSeconds} (one day); {timeoutSeconds} is out of range.";

    /// <summary>How long one attempt may run: the job's own timeout, or its type's default.</summary>
    public static TimeSpan Timeout(string type, int? timeoutSeconds) =>
        timeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds)
        : JobTypeCatalog.TryGet(type, out var info) ? info.DefaultTimeout
        : JobTypeCatalog.FallbackTimeout;
}
