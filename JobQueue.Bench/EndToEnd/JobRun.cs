using System.Diagnostics;
using JobQueue.Bench.Api;

namespace JobQueue.Bench.EndToEnd;

/// <summary>
/// Submits jobs through <c>POST /api/jobs/batch</c> from several concurrent clients and waits until the database
/// records every one of them as Succeeded (polling the API's count of the submitter's own jobs).
/// </summary>
public static class JobRun
{
    public sealed record Timing(int Jobs, TimeSpan Submitted, TimeSpan Succeeded);

    public static Task<Timing> RunAsync(BenchApi api, int jobs, int batchSize, int submitters, int alreadySucceeded,
        CancellationToken cancellationToken) =>
        RunAsync(api, [api], jobs, batchSize, submitters, alreadySucceeded, cancellationToken);

    /// <param name="api">The client that counts the jobs (any dashboard: they share the database).</param>
    /// <param name="submitTo">The clients that submit: submitter i uses <c>submitTo[i % count]</c>, one per dashboard.</param>
    public static async Task<Timing> RunAsync(BenchApi api, IReadOnlyList<BenchApi> submitTo, int jobs, int batchSize, int submitters,
        int alreadySucceeded, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var next = 0;
        var submit = Task.WhenAll(Enumerable.Range(0, submitters).Select(async submitter =>
        {
            var client = submitTo[submitter % submitTo.Count];
            while (true)
            {
                var start = Interlocked.Add(ref next, batchSize) - batchSize;
                if (start >= jobs)
                    return;
                await client.SubmitReverseBatchAsync(Math.Min(batchSize, jobs - start), cancellationToken);
            }
        }));
        var submitted = TimeSpan.Zero;
        _ = submit.ContinueWith(_ => submitted = watch.Elapsed, TaskScheduler.Default);

        // Long enough for a slow machine, short enough that a stuck run ends with a message.
        var deadline = TimeSpan.FromSeconds(Math.Max(120, jobs / 100.0));
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            if (submit.IsFaulted)
                await submit;
            var succeeded = await api.CountAsync("Succeeded", cancellationToken) - alreadySucceeded;
            if (succeeded >= jobs && submit.IsCompleted)
            {
                var done = watch.Elapsed;
                await submit;
                return new Timing(jobs, submitted == TimeSpan.Zero ? done : submitted, done);
            }
            if (watch.Elapsed - lastReport > TimeSpan.FromSeconds(10))
            {
                lastReport = watch.Elapsed;
                var failed = await api.CountAsync("Failed", cancellationToken);
                Console.WriteLine($"  ... {watch.Elapsed.TotalSeconds:0} s: {succeeded} of {jobs} succeeded, {failed} failed");
            }
            if (watch.Elapsed > deadline)
                throw new TimeoutException($"Only {succeeded} of {jobs} jobs succeeded within {deadline.TotalSeconds:0} s.");
            await Task.Delay(200, cancellationToken);
        }
    }
}
