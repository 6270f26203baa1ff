using JobQueue.Shared.Collections;
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
    private readonly BoundedMemory<Guid, List<JobEvent>> _byJob = new(MaxJobs);

    public RecentJobEvents(LiveEvents events) => events.Subscribe(e =>
    {
        if (e is LiveEvent.JobChanged { Event: var jobEvent })
            Remember(jobEvent);
    });

    private void Remember(JobEvent jobEvent)
    {
        var list = _byJob.GetOrAdd(jobEvent.JobId, _ => []);
        lock (list)
            list.Add(jobEvent);
    }

    /// <summary>What the live stream has said about the job lately, oldest first: a page applies it to what it read from the database.</summary>
    public IReadOnlyList<JobEvent> Of(Guid jobId)
    {
        if (!_byJob.TryGetValue(jobId, out var list))
            return [];
        lock (list)
            return [.. list];
    }
}
