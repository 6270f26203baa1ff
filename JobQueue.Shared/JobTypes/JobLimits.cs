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

    /// <summary>The timeout of a job type that does not declare one, and of a job stored before its type's was known.</summary>
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>The longest a job type's description may be.</summary>
    public const int MaxDescriptionLength = 1000;

    /// <summary>The largest payload schema a worker may advertise.</summary>
    public const int MaxSchemaBytes = 64 * 1024;

    /// <returns>null when <paramref name="name"/> can name a job type (1 to 64 characters: letters, digits, <c>_</c>, <c>.</c>, <c>-</c>), else why not.</returns>
    public static string? ValidateTypeName(string? name) =>
        string.IsNullOrEmpty(name) ? "A job type's name is required."
        : name.Length > 64 ? $"A job type's name is at most 64 characters; '{name[..20]}...' has {name.Length}."
        : !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-') ? $"'{name}' is not a job type name: use letters, digits, '_', '.' and '-'."
        : null;
}
