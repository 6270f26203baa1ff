using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// What one live view (a page, the hub relay) has not taken yet, in bounded memory. With <c>newestPerJob</c>, a job's
/// waiting events are kept short: a newer event replaces a waiting progress, an event after the outcome of its attempt
/// and an event of an earlier attempt are dropped, and every status change stays, in order, so a view that keeps up sees each one. A
/// view that falls behind (more than <c>collapseAbove</c> jobs waiting) gets each job's newest event only (newest wins:
/// the view learns the job's latest state, as <see cref="Shared.State.JobReducer"/> applies it with the states in
/// between skipped; an outcome is never replaced), instead of working through seconds of old events. Past
/// <c>maxJobs</c> waiting jobs, a job whose newest event is not an outcome is dropped first; an outcome only when
/// nothing else is left. Drops are counted in <see cref="Dropped"/>. Other live events (heartbeats, queue figures) wait
/// in order, the oldest dropped past <c>maxOthers</c>.
/// </summary>
public sealed class PendingLiveEvents(bool newestPerJob, int maxJobs = 20_000, int maxOthers = 1_000, int collapseAbove = 1_000)
{
    private readonly Lock _gate = new();
    private OrderedDictionary<Guid, List<LiveEvent.JobChanged>> _byJob = [];
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
            if (!_byJob.TryGetValue(change.Event.JobId, out var waiting))
            {
                _byJob.Add(change.Event.JobId, [change]);
                if (_byJob.Count > maxJobs)
                    DropOne();
                return;
            }
            var last = waiting[^1].Event;
            var newer = change.Event;
            // An earlier attempt's event, or anything of the same attempt after its outcome, changes nothing for the view.
            if (newer.Attempt < last.Attempt || (JobTransitions.IsTerminal(last.Status) && newer.Attempt == last.Attempt))
                return;
            if (_byJob.Count > collapseAbove)
            {
                // Behind: the job's newest state is all that is worth sending.
                if (!JobTransitions.IsTerminal(last.Status))
                {
                    waiting.Clear();
                    waiting.Add(change);
                }
                else if (waiting.Count > 1)
                    waiting.RemoveRange(0, waiting.Count - 1);
                return;
            }
            if (last.Kind == JobEventKind.Progress)
                waiting[^1] = change;
            else
                waiting.Add(change);
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
            foreach (var waiting in _byJob.Values)
                all.AddRange(waiting);
            _others = [];
            _inOrder = [];
            _byJob = [];
            return all;
        }
    }

    private void DropOne()
    {
        for (var i = 0; i < _byJob.Count; i++)
        {
            if (!JobTransitions.IsTerminal(_byJob.GetAt(i).Value[^1].Event.Status))
            {
                Interlocked.Add(ref _dropped, _byJob.GetAt(i).Value.Count);
                _byJob.RemoveAt(i);
                return;
            }
        }
        Interlocked.Add(ref _dropped, _byJob.GetAt(0).Value.Count);
        _byJob.RemoveAt(0);
    }

    private void DropAt<T>(List<T> list, int index)
    {
        list.RemoveAt(index);
        Interlocked.Increment(ref _dropped);
    }
}
