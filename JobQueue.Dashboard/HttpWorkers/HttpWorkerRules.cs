using System.Text.RegularExpressions;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>What the fetch, ack and progress calls accept.</summary>
public static partial class HttpWorkerRules
{
    public const int MaxWorkerIdLength = 100;
    public const int DefaultTimeToRecoverSeconds = 60;
    public const int MinTimeToRecoverSeconds = 5;
    public const int MaxTimeToRecoverSeconds = 3600;
    public const int MaxWaitSeconds = 20;
    public const int MaxLinesPerCall = 1000;

    public static string? ValidateWorkerId(string? workerId) =>
        string.IsNullOrWhiteSpace(workerId) ? "workerId is required: a name of the worker process, the same on every call."
        : workerId.Length > MaxWorkerIdLength || !WorkerIdPattern().IsMatch(workerId)
            ? $"workerId must be 1 to {MaxWorkerIdLength} characters: letters, digits, '.', '_', ':' or '-'."
        : null;

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex WorkerIdPattern();
}
