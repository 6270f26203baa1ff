using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Data;

/// <summary>A batch of events folded through <see cref="JobReducer"/> over the jobs' stored states: one change per job, its entries in order.</summary>
public sealed class EventBatch
{
    private EventBatch(Dictionary<Guid, JobChange> changes, int unknown, List<Guid> recancel, List<AcceptedEvent> accepted) =>
        (Changes, Unknown, Recancel, Accepted) = (changes, unknown, recancel, accepted);

    public IReadOnlyDictionary<Guid, JobChange> Changes { get; }
    public int Unknown { get; }
    public IReadOnlyList<Guid> Recancel { get; }

    /// <summary>The events the reducer took, in order: not the repeats, the late or the unknown ones.</summary>
    public IReadOnlyList<AcceptedEvent> Accepted { get; }

    public AppliedEvents Applied => new(Changes.Count, Unknown, Recancel, Accepted);

    public static EventBatch Reduce(IReadOnlyDictionary<Guid, JobSnapshot> stored, IReadOnlyList<JobEvent> events)
    {
        var changes = new Dictionary<Guid, JobChange>();
        var recancel = new List<Guid>();
        var accepted = new List<AcceptedEvent>(events.Count);
        var unknown = 0;
        foreach (var jobEvent in events)
        {
            changes.TryGetValue(jobEvent.JobId, out var earlier);
            JobSnapshot? state = earlier?.State ?? stored.GetValueOrDefault(jobEvent.JobId);
            if (state is null)
            {
                unknown++;
                continue;
            }
            if (jobEvent.Kind == JobEventKind.Started && state.Status is JobStatus.Cancelling or JobStatus.Cancelled)
                recancel.Add(jobEvent.JobId);
            if (JobReducer.Apply(state, jobEvent) is { } change)
            {
                changes[jobEvent.JobId] = earlier is null ? change : new JobChange(change.State, [.. earlier.Steps, .. change.Steps]);
                accepted.Add(new AcceptedEvent(jobEvent, state));
            }
        }
        return new EventBatch(changes, unknown, recancel, accepted);
    }
}
