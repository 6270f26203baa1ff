using JobQueue.Bench.Api;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;

namespace JobQueue.Bench.Delayed;

/// <summary>
/// Delayed jobs: N reverse_string jobs due at times spread evenly over the next S seconds, submitted in batches; once
/// all have succeeded, how late each was released by the scheduler (its Queued "due" entry after its runAt) and
/// started by a worker, and how many were released early or twice (both must be none).
/// </summary>
public static class DelayedJobsBenchmark
{
    public static async Task RunAsync(BenchSystem system, BenchApi admin, BenchOptions options, CancellationToken cancellationToken)
    {
        var (email, password) = await admin.CreateUserAsync("delayed");
        using var user = await BenchApi.SignInAsync(system.Url, email, password);
        Report.Section($"Delayed jobs: {options.DelayedJobs} due over the next {options.DelayedSeconds} s");
        var jobs = new List<(Guid Id, DateTime RunAt)>();
        var spread = options.DelayedSeconds / (double)options.DelayedJobs;
        for (var first = 0; first < options.DelayedJobs; first += options.BatchSize)
        {
            var count = Math.Min(options.BatchSize, options.DelayedJobs - first);
            // Due from 2 s on, so the submit itself is over before the first is.
            jobs.AddRange(await user.SubmitDelayedBatchAsync(Enumerable.Range(first, count).Select(i => 2 + i * spread).ToList(), cancellationToken));
        }
        var deadline = DateTime.UtcNow.AddSeconds(options.DelayedSeconds + 120);
        while (await user.CountAsync("Succeeded", cancellationToken) < jobs.Count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Not every delayed job succeeded within {options.DelayedSeconds + 120} s.");
            await Task.Delay(500, cancellationToken);
        }

        var released = new List<double>();
        var started = new List<double>();
        int early = 0, twice = 0;
        var timelines = new System.Collections.Concurrent.ConcurrentBag<JobTimeline>();
        await Parallel.ForEachAsync(jobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (job, token) => timelines.Add(await user.GetTimelineAsync(job.Id, token)));
        foreach (var job in timelines)
        {
            var runAt = job.RunAt!.Value;
            var releases = job.Timeline.Where(t => t.Status == "Queued").ToList();
            if (releases.Count > 1)
                twice++;
            var lateness = (releases[0].At - runAt).TotalMilliseconds;
            if (lateness < 0 || job.StartedAt < runAt)
                early++;
            released.Add(lateness);
            started.Add((job.StartedAt!.Value - runAt).TotalMilliseconds);
        }
        Report.Line("released after runAt", $"{Percentiles.Of(released)}");
        Report.Line("started after runAt", $"{Percentiles.Of(started)}");
        Report.Line("released early / twice", $"{early} / {twice} of {jobs.Count}");
        Report.Processes(system.ReadProcessStats());
    }
}
