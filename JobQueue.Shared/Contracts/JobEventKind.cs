namespace JobQueue.Shared.Contracts;

public enum JobEventKind
{
    /// <summary>A dashboard notice: a job was submitted to run later.</summary>
    Scheduled,
    Queued,
    Started,
    Progress,
    Retrying,
    Cancelling,
    Succeeded,
    Failed,
    Cancelled,
}
