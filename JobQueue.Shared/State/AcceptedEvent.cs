using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>An event the reducer took (<see cref="JobReducer"/>), with the job's state just before it: what the recorder counts and traces.</summary>
public readonly record struct AcceptedEvent(JobEvent Event, JobSnapshot Before)
{
    /// <summary>
    /// The first word of an attempt's start: its <c>job.started</c>, or, when that was dropped because the attempt ended
    /// before it went out, the attempt's outcome (which says when it started).
    /// </summary>
    public bool StartsAttempt => Event.StartedAt is { } startedAt && (Before.Attempt != Event.Attempt || Before.StartedAt != startedAt)
        && Event.Kind is JobEventKind.Started or JobEventKind.Progress or JobEventKind.Succeeded or JobEventKind.Failed
            or JobEventKind.Cancelled or JobEventKind.Retrying;

    /// <summary>An attempt's end: its outcome, or a retrying for a failed attempt with attempts left.</summary>
    public bool EndsAttempt => Event.Kind is JobEventKind.Succeeded or JobEventKind.Failed or JobEventKind.Cancelled or JobEventKind.Retrying;
}
