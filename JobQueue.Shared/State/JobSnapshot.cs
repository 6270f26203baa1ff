using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>
/// Everything about a job that changes while it lives: what <see cref="JobReducer"/> reads and returns. The rest of a
/// job (type, queue, payload, owner, when it was created) is fixed at submit. The store keeps one row per job with
/// these columns, pages keep one per row they show; both get it from the reducer only.
/// </summary>
public sealed record JobSnapshot(
    JobStatus Status,
    int Attempt,
    double Progress,
    int MaxAttempts,
    string? WorkerId = null,
    DateTime? StartedAt = null,
    DateTime? FinishedAt = null,
    DateTime? NextAttemptAt = null,
    string? Result = null,
    string? Error = null)
{
    /// <summary>A job just submitted: Queued, first attempt.</summary>
    public static JobSnapshot Submitted(int maxAttempts) => new(JobStatus.Queued, 1, 0, maxAttempts);

    public JobState Core => new(Status, Attempt, Progress);
}
