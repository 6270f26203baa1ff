namespace JobQueue.Dashboard.Jobs;

public enum CancelOutcome
{
    Cancelled,
    Cancelling,
    NotFound,
    AlreadyFinished,
}
