using System.Collections.Concurrent;
using JobQueue.Shared.Collections;

namespace JobQueue.Worker.Core;

/// <summary>
/// The jobs this worker is running, each with the token its handler watches, and the ids of jobs cancelled
/// recently, so that a cancelled job that is delivered later is skipped and reported cancelled.
/// </summary>
public sealed class RunningJobs(TimeProvider time)
{
    private const int RememberedCancels = 100_000;

    private readonly ConcurrentDictionary<Guid, RunningJob> _running = new();
    private readonly BoundedMemory<Guid, bool> _cancelled = new(RememberedCancels);
    private long _processed;
    private long _failed;

    public long Processed => Interlocked.Read(ref _processed);
    public long Failed => Interlocked.Read(ref _failed);
    public int Count => _running.Count;
    public IReadOnlyList<Guid> Ids => _running.Keys.ToArray();

    public bool WasCancelled(Guid jobId) => _cancelled.ContainsKey(jobId);

    public RunningJob Start(Guid jobId, TimeSpan timeout)
    {
        var job = new RunningJob(jobId, time.GetUtcNow().UtcDateTime, timeout, time);
        _running[jobId] = job;
        if (_cancelled.ContainsKey(jobId))
            job.Cancel(byShutdown: false);
        return job;
    }

    public void Finish(RunningJob job, bool failed)
    {
        _running.TryRemove(job.JobId, out _);
        job.Dispose();
        Interlocked.Increment(ref _processed);
        if (failed)
            Interlocked.Increment(ref _failed);
    }

    public void Abandon(RunningJob job)
    {
        _running.TryRemove(job.JobId, out _);
        job.Dispose();
    }

    /// <returns>true when this worker was running the job.</returns>
    public bool RequestCancel(Guid jobId)
    {
        _cancelled.TryAdd(jobId, true);
        if (!_running.TryGetValue(jobId, out var job))
            return false;
        job.Cancel(byShutdown: false);
        return true;
    }

    public void StopAll()
    {
        foreach (var job in _running.Values)
            job.Cancel(byShutdown: true);
    }

}
