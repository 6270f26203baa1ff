namespace JobQueue.Shared.Contracts;

/// <summary>Where a job stands (docs/design.md, "The job state machine").</summary>
public enum JobStatus
{
    /// <summary>Waiting in the database for its <c>runAt</c>; not yet in the broker.</summary>
    Scheduled,
    Queued,
    Running,
    Cancelling,
    Retrying,
    Succeeded,
    Failed,
    Cancelled,
}
