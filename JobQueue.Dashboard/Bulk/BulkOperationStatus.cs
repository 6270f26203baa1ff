namespace JobQueue.Dashboard.Bulk;

public enum BulkOperationStatus
{
    Queued,
    Running,
    Done,

    /// <summary>Its dashboard stopped before it was done; what it did stays done, and running it again takes the rest.</summary>
    Interrupted,
    Failed,
}
