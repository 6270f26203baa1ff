using JobQueue.Dashboard.Encryption;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs.Store;

/// <summary>
/// A batch of events folded through <see cref="JobReducer"/> over the jobs' stored states: one change per job, its
/// entries in order. The reducer sees clear data; the changes come out as they are to be stored, their results, errors
/// and notes sealed for the job's owner (<see cref="JobDataProtector"/>).
/// </summary>
public sealed class EventBatch
{
    private EventBatch(Dictionary<Guid, JobChange> changes, int unknown, List<Guid> recancel, List<AcceptedEvent> accepted) =>
        (Changes, Unknown, Recancel, Accepted) = (changes, unknown, recancel, accepted);

    /// <summary>The changes to store, sealed.</summary>
    public IReadOnlyDictionary<Guid, JobChange> Changes { get; }
    public int Unknown { get; }
    public IReadOnlyList<Guid> Recancel { get; }

    /// <summary>The events the reducer took, in order: not the repeats, the late or the unknown ones.</summary>
    public IReadOnlyList<AcceptedEvent> Accepted { get; }

    public AppliedEvents Applied => new(Changes.Count, Unknown, Recancel, Accepted);

    public static EventBatch Reduce(IReadOnlyDictionary<Guid, StoredJob> stored, IReadOnlyList<JobEvent> events, JobDataProtector data)
    {
        var changes = new Dictionary<Guid, JobChange>();
        var opened = new Dictionary<Guid, JobSnapshot>();
        var recancel = new List<Guid>();
        var accepted = new List<AcceptedEvent>(events.Count);
        var unknown = 0;
        foreach (var jobEvent in events)
        {
            changes.TryGetValue(jobEvent.JobId, out var earlier);
            JobSnapshot? state = earlier?.State ?? Opened(jobEvent.JobId);
            if (state is null)
            {
                unknown++;
                continue;
            }
            if (MissedItsCancel(state, jobEvent) && !recancel.Contains(jobEvent.JobId))
                recancel.Add(jobEvent.JobId);
            if (JobReducer.Apply(state, jobEvent) is { } change)
            {
                changes[jobEvent.JobId] = earlier is null ? change : new JobChange(change.State, [.. earlier.Steps, .. change.Steps]);
                accepted.Add(new AcceptedEvent(jobEvent, state));
            }
        }
        var sealedChanges = new Dictionary<Guid, JobChange>(changes.Count);
        foreach (var (id, change) in changes)
            sealedChanges[id] = Sealed(stored[id], opened[id], change, data);
        return new EventBatch(sealedChanges, unknown, recancel, accepted);

        JobSnapshot? Opened(Guid id)
        {
            if (!stored.TryGetValue(id, out var job))
                return null;
            var snapshot = job.Snapshot;
            if (snapshot.Result is not null || snapshot.Error is not null)
                snapshot = snapshot with { Result = data.Open(job.OwnerId, snapshot.Result), Error = data.Open(job.OwnerId, snapshot.Error) };
            opened[id] = snapshot;
            return snapshot;
        }
    }

    /// <summary>
    /// A worker that starts a job already cancelled, or goes on reporting the progress of one, did not hear the cancel
    /// (it was not listening yet, or the cancel's publish failed): it must be sent again. A progress report that crossed
    /// the cancel on its way costs one cancel more, which a worker not running the job only remembers.
    /// </summary>
    public static bool MissedItsCancel(JobSnapshot state, JobEvent jobEvent) =>
        jobEvent.Kind is JobEventKind.Started or JobEventKind.Progress && state.Status is JobStatus.Cancelling or JobStatus.Cancelled;

    /// <summary>The change as it is stored: a result or error the batch left as it was keeps its stored text; what is new is sealed.</summary>
    private static JobChange Sealed(StoredJob stored, JobSnapshot opened, JobChange change, JobDataProtector data)
    {
        var state = change.State with
        {
            Result = ReferenceEquals(change.State.Result, opened.Result) ? stored.Snapshot.Result : data.Seal(stored.OwnerId, change.State.Result),
            Error = ReferenceEquals(change.State.Error, opened.Error) ? stored.Snapshot.Error : data.Seal(stored.OwnerId, change.State.Error),
        };
        var steps = change.Steps.Any(s => s.Note is not null)
            ? change.Steps.Select(s => s.Note is null ? s : s with { Note = data.Seal(stored.OwnerId, JobTimelineEntry.Cut(s.Note)) }).ToList()
            : change.Steps;
        return new JobChange(state, steps);
    }
}
