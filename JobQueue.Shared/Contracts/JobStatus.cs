namespace JobQueue.Shared.Contracts;

public enum JobStatus
{
    Queued,
    Running,
    Cancelling,
    Retrying,
    Succeeded,
    Failed,
    Cancelled,
}
