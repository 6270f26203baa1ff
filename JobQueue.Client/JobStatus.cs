namespace JobQueue.Client;

/// <summary>Where a job is in its life (docs/design.md, "The job state machine").</summary>
public enum JobStatus
{
    Scheduled,
    Queued,
    Running,
    Cancelling,
    Retrying,
    Succeeded,
    Failed,
    Cancelled,
}
