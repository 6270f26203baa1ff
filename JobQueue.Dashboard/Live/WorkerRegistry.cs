using System.Collections.Concurrent;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Live;

/// <summary>The workers this instance has heard from, by their heartbeats; a worker is online while its beats keep coming.</summary>
public sealed class WorkerRegistry
{
    /// <summary>Three missed 5-second heartbeats.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<string, WorkerHeartbeat> _workers = new();
    private readonly TimeProvider _time;

    public WorkerRegistry(LiveEvents events, TimeProvider time)
    {
        _time = time;
        events.Subscribe(e =>
        {
            switch (e)
            {
                case LiveEvent.WorkerBeat { Heartbeat: var beat }:
                    _workers[beat.WorkerId] = beat;
                    break;
                case LiveEvent.WorkerGone { Stopped: var stopped }:
                    _workers.TryRemove(stopped.WorkerId, out _);
                    break;
            }
        });
    }

    public IReadOnlyList<WorkerHeartbeat> Online
    {
        get
        {
            var cutoff = _time.GetUtcNow().UtcDateTime - StaleAfter;
            return _workers.Values.Where(w => w.At >= cutoff).ToList();
        }
    }

    public bool AnyOnlineRuns(string jobType) => Online.Any(w => w.JobTypes.Contains(jobType));
}
