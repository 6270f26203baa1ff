namespace JobQueue.Client;

/// <summary>
/// How far a watch has seen a job: changes only move forward (a later attempt; a later status in one attempt; more
/// progress while it runs), so a change seen twice (the timeline, then the hub) or late is passed over.
/// </summary>
internal sealed class JobPosition
{
    private int _attempt;
    private int _rank = -1;
    private double _progress = -1;

    /// <summary>The job has ended (Succeeded, Failed or Cancelled): nothing comes after.</summary>
    public bool Ended { get; private set; }

    public IEnumerable<JobChange> Forward(IEnumerable<JobChange> changes)
    {
        foreach (var change in changes)
        {
            if (Ended)
                yield break;
            var rank = Rank(change.Status);
            var progress = change.Progress ?? 0;
            var forward = change.Attempt > _attempt
                || (change.Attempt == _attempt && rank > _rank)
                || (change.Attempt == _attempt && rank == _rank && change.Status == JobStatus.Running && progress > _progress);
            // A requeued job starts a new attempt from Queued; within one attempt nothing goes back.
            if (!forward)
                continue;
            (_attempt, _rank, _progress) = (change.Attempt, rank, progress);
            Ended = change.Status.IsTerminal();
            yield return change;
        }
    }

    private static int Rank(JobStatus status) => status switch
    {
        JobStatus.Scheduled => 0,
        JobStatus.Queued => 1,
        JobStatus.Running => 2,
        JobStatus.Cancelling => 3,
        JobStatus.Retrying => 4,
        _ => 5,
    };
}
