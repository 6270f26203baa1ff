namespace JobQueue.Client;

/// <summary>A change in a job's life as <see cref="IJobQueueClient.WatchAsync"/> sees it: a new status, or more progress.</summary>
/// <param name="Progress">0 to 100, while it runs.</param>
public sealed record JobChange(Guid JobId, JobStatus Status, int Attempt, DateTime At, double? Progress = null, string? WorkerId = null,
    string? Result = null, string? Error = null);
