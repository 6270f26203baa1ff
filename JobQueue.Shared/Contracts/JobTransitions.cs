namespace JobQueue.Shared.Contracts;

/// <summary>
/// The job life of DESIGN.md as one pure function. Events only ever move a job forward (they may skip
/// states, e.g. Queued straight to Succeeded), terminal states are final and attempt numbers order
/// retries, so duplicates, redeliveries and late events change nothing.
/// </summary>
public static class JobTransitions
{
    public static bool IsTerminal(JobStatus status) =>
        status is JobStatus.Succeeded or JobStatus.Failed or JobStatus.Cancelled;

    /// <summary>The terminal statuses, for queries (a database cannot call <see cref="IsTerminal"/>).</summary>
    public static IReadOnlyList<JobStatus> TerminalStatuses { get; } = [JobStatus.Succeeded, JobStatus.Failed, JobStatus.Cancelled];

    public static bool IsCancellable(JobStatus status) =>
        status is JobStatus.Scheduled or JobStatus.Queued or JobStatus.Running or JobStatus.Retrying;

    /// <returns>The new state, or null when the event does not move the job forward.</returns>
    public static JobState? Apply(JobState current, JobEventKind kind, int attempt, double? progress = null)
    {
        if (IsTerminal(current.Status) || attempt < current.Attempt)
            return null;

        var laterAttempt = attempt > current.Attempt;
        // A worker's event can only follow the job's release; should one overtake the release's notice, the job counts
        // as released (a scheduled job is a queued one that waits in the database).
        if (current.Status == JobStatus.Scheduled && kind is not (JobEventKind.Scheduled or JobEventKind.Queued))
            current = current with { Status = JobStatus.Queued };
        return kind switch
        {
            JobEventKind.Scheduled => null,
            // The notice of a scheduled job's release; a submit's own Queued notice moves nothing.
            JobEventKind.Queued => current.Status == JobStatus.Scheduled ? current with { Status = JobStatus.Queued } : null,
            JobEventKind.Started => current.Status switch
            {
                JobStatus.Queued => new JobState(JobStatus.Running, attempt, 0),
                JobStatus.Running or JobStatus.Retrying when laterAttempt => new JobState(JobStatus.Running, attempt, 0),
                _ => null,
            },
            JobEventKind.Progress => ApplyProgress(current, attempt, laterAttempt, Clamp(progress)),
            JobEventKind.Retrying => current.Status switch
            {
                JobStatus.Queued or JobStatus.Running => new JobState(JobStatus.Retrying, attempt, current.Progress),
                JobStatus.Retrying when laterAttempt => new JobState(JobStatus.Retrying, attempt, current.Progress),
                _ => null,
            },
            JobEventKind.Cancelling => current.Status is JobStatus.Running or JobStatus.Retrying
                ? current with { Status = JobStatus.Cancelling }
                : null,
            JobEventKind.Succeeded => new JobState(JobStatus.Succeeded, attempt, 100),
            JobEventKind.Failed => new JobState(JobStatus.Failed, attempt, current.Progress),
            JobEventKind.Cancelled => new JobState(JobStatus.Cancelled, attempt, current.Progress),
            _ => null,
        };
    }

    private static JobState? ApplyProgress(JobState current, int attempt, bool laterAttempt, double progress) =>
        current.Status switch
        {
            // The started event may have been skipped or may still be on its way.
            JobStatus.Queued => new JobState(JobStatus.Running, attempt, progress),
            JobStatus.Retrying or JobStatus.Running when laterAttempt => new JobState(JobStatus.Running, attempt, progress),
            JobStatus.Running or JobStatus.Cancelling when progress > current.Progress => current with { Progress = progress },
            _ => null,
        };

    private static double Clamp(double? progress) => Math.Clamp(progress ?? 0, 0, 100);
}
