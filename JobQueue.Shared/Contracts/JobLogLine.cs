using Microsoft.Extensions.Logging;

namespace JobQueue.Shared.Contracts;

/// <summary>
/// One line a job's handler wrote to its job log while it ran (<c>context.Logger</c>). Workers send them packed with
/// the job's events (<see cref="JobEventBatch.Lines"/>); the dashboard stores the newest of each job and pushes them
/// to the job's page and owner. <see cref="Number"/> counts the lines of this attempt from 1, the ones the worker
/// dropped while it could not send them fast enough included, so a gap shows where lines were dropped.
/// </summary>
public sealed record JobLogLine(
    Guid JobId,
    int Attempt,
    string OwnerId,
    long Number,
    DateTime At,
    LogLevel Level,
    string Message,
    string? WorkerId = null)
{
    /// <summary>The longest message a line keeps; the rest is cut off with an ellipsis.</summary>
    public const int MaxMessageLength = 2000;

    /// <summary>A message cut to <paramref name="maxLength"/> characters, the cut marked with an ellipsis.</summary>
    public static string Cut(string message, int maxLength = MaxMessageLength) =>
        message.Length <= maxLength ? message : string.Concat(message.AsSpan(0, maxLength - 1), "…");
}
