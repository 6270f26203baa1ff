namespace JobQueue.Dashboard.HttpWorkers;

/// <param name="Progress">Percent done, 0-100.</param>
/// <param name="Lines">Lines for the job's log (at most 1,000 a call).</param>
public sealed record ProgressRequest(string? WorkerId, double? Progress, IReadOnlyList<string>? Lines);
