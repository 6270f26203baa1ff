namespace JobQueue.Dashboard.HttpWorkers;

/// <param name="TimeToRecoverSeconds">How long the lease lasts without an ack or a progress call (5-3600, default 60).</param>
/// <param name="Types">The job types this worker takes; left out for any the key allows.</param>
/// <param name="WaitSeconds">How long to wait for a job when there is none (0-20, default 0): long polling.</param>
public sealed record FetchRequest(string? WorkerId, int? TimeToRecoverSeconds, IReadOnlyList<string>? Types, int? WaitSeconds);
