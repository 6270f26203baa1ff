using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// What one live view (a page, the hub relay) has not taken yet, in bounded memory. With <c>newestPerJob</c>, a job's
/// newer event replaces the one waiting (newest wins: the view learns the job's latest state, as
/// <see cref="Shared.State.JobReducer"/> applies it with the states in between skipped), except that an outcome is never
/// replaced, and an event of an earlier attempt never replaces a later one. So a view that falls behind catches up
/// with one event per job instead of working through seconds of old ones. Past <c>maxJobs</c> waiting jobs, a waiting
/// progress is dropped first; an outcome only when nothing else is left, which is counted in <see cref="Dropped"/>.
/// Other live events (heartbeats, queue figures) wait in order, the oldest dropped past <c>maxOthers</c>.
/// </summary>
public sealed class PendingLiveEvents(bool newestPerJob, int maxJobs = 20_000, int maxOthers = 1_000)
{
    private readonly Lock _gate = new();
    private OrderedDictionary<Guid, LiveEvent.JobChanged> _byJob = [];
    private List<LiveEvent.JobChanged> _inOrder = [];
    private List<LiveEvent> _others = [];
    private long _dropped;

    /// <summary>Events dropped because the view fell too far behind (outcomes included).</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
                return _byJob.Count == 0 && _inOrder.Count == 0 && _others.Count == 0;
        }
    }

    public void Add(LiveEvent liveEvent)
    {
        lock (_gate)
        {
            if (liveEvent is not LiveEvent.JobChanged change)
            {
                _others.Add(liveEvent);
                if (_others.Count > maxOthers)
                    DropAt(_others, 0);
                return;
            }
            if (!newestPerJob)
            {
                _inOrder.Add(change);
                if (_inOrder.Count > maxJobs)
                    DropAt(_inOrder, 0);
                return;
            }
            if (_byJob.TryGetValue(change.Event.JobId, out var waiting))
            {
                if (Replaces(change.Event, waiting.Event))
                    _byJob[change.Event.JobId] = change;
                return;
            }
            _byJob.Add(change.Event.JobId, change);
            if (_byJob.Count > maxJobs)
                DropOne();
        }
    }

    /// <returns>Everything waiting, in the order it came (jobs by their first waiting event), and nothing is waiting after.</returns>
    public IReadOnlyList<LiveEvent> TakeAll()
    {
        lock (_gate)
        {
            var all = new List<LiveEvent>(_others.Count + _byJob.Count + _inOrder.Count);
            all.AddRange(_others);
            all.AddRange(_inOrder);
            all.AddRange(_byJob.Values);
            _others = [];
            _inOrder = [];
            _byJob = [];
            return all;
        }
    }

    private static bool Replaces(JobEvent newer, JobEvent waiting) =>
        !JobTransitions.IsTerminal(waiting.Status) && newer.Attempt >= waiting.Attempt;

    private void DropOne()
    {
        for (var i = 0; i < _byJob.Count; i++)
        {
            if (!JobTransitions.IsTerminal(_byJob.GetAt(i).Value.Event.Status))
            {
                _byJob.RemoveAt(i);
                Interlocked.Increment(ref _dropped);
                return;
            }
        }
        _byJob.RemoveAt(0);
        Interlocked.Increment(ref _dropped);
    }

    private void DropAt<T>(List<T> list, int index)
    {
        list.RemoveAt(index);
        Interlocked.Increment(ref _dropped);
    }
}
