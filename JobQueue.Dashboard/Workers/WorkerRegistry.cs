using System.Collections.Concurrent;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

/// <summary>
/// The workers this instance has heard from, by their heartbeats: a worker is online while its beats keep
/// coming, stale after <see cref="StaleAfter"/> without one, and stopped once it said so.
/// </summary>
public sealed class WorkerRegistry
{
    /// <summary>Three missed 5-second heartbeats.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);

    /// <summary>How long a stopped worker stays listed.</summary>
    public static readonly TimeSpan ForgetStoppedAfter = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, (WorkerHeartbeat Last, DateTime? StoppedAt)> _workers = new();
    private readonly TimeProvider _time;

    public WorkerRegistry(LiveEvents events, TimeProvider time)
    {
        _time = time;
        events.Subscribe(e =>
        {
            switch (e)
            {
                case LiveEvent.WorkerBeat { Heartbeat: var beat }:
                    _workers[beat.WorkerId] = (beat, null);
                    break;
                case LiveEvent.WorkerGone { Stopped: var stopped }:
                    _workers.AddOrUpdate(stopped.WorkerId,
                        _ => (new WorkerHeartbeat(stopped.WorkerId, stopped.Host, stopped.Pid, "", [], 0, [], 0, 0, [], stopped.At, stopped.At), stopped.At),
                        (_, known) => (known.Last, stopped.At));
                    ForgetLongStopped(stopped.At);
                    break;
            }
        });
    }

    private void ForgetLongStopped(DateTime now)
    {
        foreach (var (id, worker) in _workers)
        {
            if (worker.StoppedAt < now - ForgetStoppedAfter)
                _workers.TryRemove(id, out _);
        }
    }

    public IReadOnlyList<WorkerView> All
    {
        get
        {
            var now = _time.GetUtcNow().UtcDateTime;
            return _workers.Values.Where(w => !(w.StoppedAt < now - ForgetStoppedAfter))
                .Select(w => new WorkerView(w.Last, StateOf(w.Last, w.StoppedAt, now), w.StoppedAt))
                .OrderBy(w => w.Last.WorkerId, StringComparer.Ordinal).ToList();
        }
    }

    public WorkerView? Find(string workerId) => All.FirstOrDefault(w => w.Last.WorkerId == workerId);

    /// <summary>Asked for every job type on every render of the submit form, so it reads the workers directly.</summary>
    public bool AnyOnlineRuns(string jobType)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        return _workers.Values.Any(w => w.StoppedAt is null && w.Last.At >= now - StaleAfter && w.Last.JobTypes.Contains(jobType));
    }

    private static WorkerDisplayState StateOf(WorkerHeartbeat last, DateTime? stoppedAt, DateTime now) =>
        stoppedAt is not null ? WorkerDisplayState.Stopped
        : last.At < now - StaleAfter ? WorkerDisplayState.Stale
        : last.State switch
        {
            WorkerState.Paused => WorkerDisplayState.Paused,
            WorkerState.Draining => WorkerDisplayState.Draining,
            _ => WorkerDisplayState.Active,
        };
}
