namespace JobQueue.Dashboard.Bulk;

/// <summary>What a bulk operation does to every job its filter matches (or, for <see cref="DeleteDeadLetters"/>, to every dead letter).</summary>
public enum BulkAction
{
    /// <summary>Scheduled, queued and retrying jobs are Cancelled at once; running ones Cancelling until their worker confirms.</summary>
    Cancel,

    /// <summary>Failed jobs run again: a new attempt, queued afresh (their dead letters go).</summary>
    Retry,

    /// <summary>Finished jobs (succeeded, failed, cancelled) are deleted with their timelines and logs.</summary>
    Delete,

    /// <summary>Every dead letter is deleted (the jobs stay Failed in the history); the filter is not used.</summary>
    DeleteDeadLetters,
}
