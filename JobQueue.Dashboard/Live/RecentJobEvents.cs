using System.Collections.Concurrent;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// The last job events this instance heard, per job, for a short while. The recorder writes a little after the
/// live stream delivers, so a page that re-reads jobs from the database applies these on top: forward-only
/// transitions make that safe, and the page never shows a status older than one it already showed.
/// </summary>
public sealed class RecentJobEvents
{
    private const int MaxJobs = 20_000;
    private readonly ConcurrentDictionary<Guid, List<JobEvent>> _byJob = new();
    private readonly ConcurrentQueue<Guid> _order = new();

    public RecentJobEvents(LiveEvents events) => events.Subscribe(e =>
    {
        if (e is LiveEvent.JobChanged { Event: var jobEvent })
            Remember(jobEvent);
    });

    private void Remember(JobEvent jobEvent)
    {
        var list = _byJob.GetOrAdd(jobEvent.JobId, id =>
        {
            _order.Enqueue(id);
            return [];
        });
        lock (list)
            list.Add(jobEvent);
        while (_order.Count > MaxJobs && _order.TryDequeue(out var oldest))
            _byJob.TryRemove(oldest, out _);
    }

    /// <summary>Brings jobs read from the database up to what the live stream has already said about them.</summary>
    public void CatchUp(IEnumerable<Job> jobs)
    {
        foreach (var job in jobs)
        {
            if (!_byJob.TryGetValue(job.Id, out var list))
                continue;
            JobEvent[] events;
            lock (list)
                events = [.. list];
            foreach (var jobEvent in events)
                job.Apply(jobEvent);
        }
    }
}
