using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>
/// The one model of a job's state (docs/design.md, "The job state machine"): a pure function from a state and an
/// event, or an action of the dashboard, to the next state and its timeline entries. The recorder applies it before it
/// writes, the live views apply it to the rows they show, so every place that shows or stores a job agrees.
/// <see cref="JobTransitions"/> decides whether an event moves a job forward; this adds what follows from it: times,
/// worker, result, the timeline, a start the worker left out, and a job redelivered to another worker.
/// </summary>
public static class JobReducer
{
    /// <returns>The change, or null when the event does not move the job (duplicate, late, or after the end).</returns>
    public static JobChange? Apply(JobSnapshot state, JobEvent jobEvent)
    {
        if (JobTransitions.Apply(state.Core, jobEvent.Kind, jobEvent.Attempt, jobEvent.Progress) is not { } next)
            return Redelivered(state, jobEvent);

        var steps = new List<JobStep>(2);
        // A worker leaves out job.started for an attempt that finished before it went out: the outcome says when the
        // attempt started, and the timeline shows the start as if it had come (a skipped state, nothing special).
        if (jobEvent.Kind != JobEventKind.Started && jobEvent.StartedAt is { } attemptStarted && next.Status != JobStatus.Running
            && (state.Status is JobStatus.Queued or JobStatus.Retrying || next.Attempt > state.Attempt))
            steps.Add(new JobStep(JobStatus.Running, attemptStarted, next.Attempt, jobEvent.WorkerId));

        var terminal = JobTransitions.IsTerminal(next.Status);
        var nextState = state with
        {
            Status = next.Status,
            Attempt = next.Attempt,
            Progress = next.Progress,
            WorkerId = jobEvent.WorkerId ?? state.WorkerId,
            StartedAt = state.StartedAt
                ?? (next.Status == JobStatus.Running || jobEvent.StartedAt is not null ? jobEvent.StartedAt ?? jobEvent.At : null),
            FinishedAt = terminal ? jobEvent.At : state.FinishedAt,
            Result = terminal ? jobEvent.Result : state.Result,
            Error = terminal || next.Status == JobStatus.Retrying ? jobEvent.Error : state.Error,
            NextAttemptAt = next.Status == JobStatus.Retrying ? jobEvent.RetryAt : null,
        };
        if (next.Status != state.Status || next.Attempt != state.Attempt)
            steps.Add(new JobStep(next.Status, jobEvent.At, next.Attempt, jobEvent.WorkerId, Note(state, jobEvent)));
        return new JobChange(nextState, steps);
    }

    /// <summary>Applies events in order, skipping those that change nothing.</summary>
    public static JobSnapshot Fold(JobSnapshot state, IEnumerable<JobEvent> events)
    {
        foreach (var jobEvent in events)
            state = Apply(state, jobEvent)?.State ?? state;
        return state;
    }

    /// <summary>
    /// A user's cancel: a waiting job (Scheduled, Queued, or Retrying: its next attempt waits in a retry queue) is
    /// cancelled at once; a running one becomes Cancelling until its worker confirms.
    /// </summary>
    /// <param name="notice">The kind of change for live views: Cancelled, Cancelling (also when it already was), or null when the job has finished.</param>
    /// <returns>The change, or null when there is none to store.</returns>
    public static JobChange? RequestCancel(JobSnapshot state, DateTime now, out JobEventKind? notice)
    {
        (notice, var change) = state.Status switch
        {
            JobStatus.Scheduled => (JobEventKind.Cancelled, Cancel(state, now, "cancelled before it was due")),
            JobStatus.Queued => (JobEventKind.Cancelled, Cancel(state, now, "cancelled before a worker took it")),
            JobStatus.Retrying => (JobEventKind.Cancelled, Cancel(state, now, "cancelled while waiting to retry")),
            JobStatus.Running => (JobEventKind.Cancelling, new JobChange(state with { Status = JobStatus.Cancelling },
                [new JobStep(JobStatus.Cancelling, now, state.Attempt, state.WorkerId, "cancel requested")])),
            JobStatus.Cancelling => (JobEventKind.Cancelling, null),
            _ => ((JobEventKind?)null, (JobChange?)null),
        };
        return change;
    }

    /// <summary>A scheduled job is due: the scheduler sends it to its queue.</summary>
    /// <returns>null when the job is no longer Scheduled (it was cancelled meanwhile).</returns>
    public static JobChange? Release(JobSnapshot state, DateTime now) =>
        state.Status == JobStatus.Scheduled
            ? new JobChange(state with { Status = JobStatus.Queued }, [new JobStep(JobStatus.Queued, now, state.Attempt, Note: "due")])
            : null;

    /// <summary>
    /// The job's queue was purged or deleted while the job waited in it (Queued), for its next attempt (Retrying) or,
    /// on a delete, for its time (Scheduled).
    /// </summary>
    /// <returns>null when the job was no longer waiting.</returns>
    public static JobChange? CancelWaiting(JobSnapshot state, DateTime now, string note) =>
        state.Status is JobStatus.Scheduled or JobStatus.Queued or JobStatus.Retrying ? Cancel(state, now, note) : null;

    /// <summary>An admin sent a failed job back to its queue from the dead letters: a new attempt, from the start.</summary>
    /// <returns>null when the job has not failed.</returns>
    public static JobChange? Requeue(JobSnapshot state, DateTime now, string by)
    {
        if (state.Status != JobStatus.Failed)
            return null;
        var next = new JobSnapshot(JobStatus.Queued, state.Attempt + 1, 0, state.MaxAttempts);
        return new JobChange(next, [new JobStep(JobStatus.Queued, now, next.Attempt, Note: $"requeued from the dead letters by {by}")]);
    }

    private static JobChange Cancel(JobSnapshot state, DateTime now, string note) =>
        new(state with { Status = JobStatus.Cancelled, FinishedAt = now, NextAttemptAt = null },
            [new JobStep(JobStatus.Cancelled, now, state.Attempt, Note: note)]);

    /// <summary>A job another worker took over after its first worker died: same attempt, new worker, progress from 0.</summary>
    private static JobChange? Redelivered(JobSnapshot state, JobEvent jobEvent)
    {
        if (jobEvent is not { Kind: JobEventKind.Started, Redelivered: true } || state.Status is not (JobStatus.Running or JobStatus.Cancelling)
            || jobEvent.Attempt != state.Attempt || jobEvent.WorkerId is null || jobEvent.WorkerId == state.WorkerId)
            return null;
        return new JobChange(state with { WorkerId = jobEvent.WorkerId, Progress = 0 },
            [new JobStep(state.Status, jobEvent.At, state.Attempt, jobEvent.WorkerId, "redelivered to another worker")]);
    }

    private static string? Note(JobSnapshot state, JobEvent jobEvent) => jobEvent.Kind == JobEventKind.Retrying
        ? $"attempt {jobEvent.Attempt} of {state.MaxAttempts} failed: {jobEvent.Error}"
            + (jobEvent.RetryAt is { } retryAt ? $"; next attempt at {retryAt:HH:mm:ss} UTC" : "")
        : jobEvent.Error;
}
