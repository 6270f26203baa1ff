using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Shared.Contracts;

namespace JobQueue.Tests.Infrastructure;

/// <summary>What the long fault runs do to a system and ask of it afterwards.</summary>
public static class SystemRuns
{
    /// <summary>Kills -9 a live worker that is running jobs, so the kill strands them.</summary>
    /// <returns>The worker's id and how many jobs it was running.</returns>
    public static async Task<(string WorkerId, int Running)> KillABusyWorkerAsync(JobQueueSystem system, ApiClient api)
    {
        // A killed worker looks Active until its heartbeats are missed: only a live process can be a victim.
        bool Busy(JsonElement w) => w.GetProperty("state").GetString() == "Active" && w.GetProperty("runningJobIds").GetArrayLength() > 0
            && !system.WorkerById(w.GetProperty("id").GetString()!).HasExited;
        var busy = await Eventually.ReadAsync(() => api.Http.GetFromJsonAsync<JsonElement>("/api/workers"),
            list => list.EnumerateArray().Any(Busy), "a worker running jobs", TimeSpan.FromSeconds(30));
        var victim = busy.EnumerateArray().First(Busy);
        var id = victim.GetProperty("id").GetString()!;
        system.WorkerById(id).Kill();
        return (id, victim.GetProperty("runningJobIds").GetArrayLength());
    }

    /// <summary>Reads the queue's job counts by status until none is left in a non-terminal one, or the time is up.</summary>
    public static async Task<Dictionary<JobStatus, int>> WaitUntilAllTerminalAsync(ApiClient api, string queue, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var counts = new Dictionary<JobStatus, int>();
            foreach (var status in Enum.GetValues<JobStatus>())
            {
                var page = await api.Http.GetFromJsonAsync<JsonElement>($"/api/jobs?queue={queue}&status={status}&pageSize=1");
                counts[status] = page.GetProperty("total").GetInt32();
            }
            if (counts.Where(c => !JobTransitions.IsTerminal(c.Key)).Sum(c => c.Value) == 0 || DateTime.UtcNow > deadline)
                return counts;
            await Task.Delay(1000);
        }
    }

    /// <summary>How many of <paramref name="jobs"/> have more than one terminal entry in their timeline.</summary>
    public static async Task<int> CountCompletedTwiceAsync(ApiClient api, IEnumerable<Guid> jobs)
    {
        var twice = 0;
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (id, _) =>
        {
            var job = await api.GetAsync(id);
            if (job.Timeline!.Count(t => JobTransitions.IsTerminal(t.Status)) > 1)
                Interlocked.Increment(ref twice);
        });
        return twice;
    }
}
