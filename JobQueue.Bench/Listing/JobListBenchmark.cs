using JobQueue.Bench.Api;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;

namespace JobQueue.Bench.Listing;

/// <summary>The first page of the job list, filtered by each status, as an admin sees it (every job stored).</summary>
public static class JobListBenchmark
{
    private static readonly string[] Statuses = ["Succeeded", "Failed", "Queued", "Running", "Cancelled"];

    public static async Task RunAsync(BenchSystem system, BenchApi admin, BenchOptions options, CancellationToken cancellationToken)
    {
        var stored = await admin.CountAsync("", cancellationToken);
        Report.Section($"Job list: first page of 50 by status, {stored} jobs stored, {options.ListProbes} requests each (round trip on loopback)");
        foreach (var status in Statuses)
        {
            var count = await admin.CountAsync(status, cancellationToken);
            var times = new List<double>();
            for (var i = 0; i < options.ListProbes; i++)
                times.Add((await admin.TimeFirstPageAsync(status, cancellationToken)).TotalMilliseconds);
            Report.Line($"{status} ({count} jobs)", $"{Percentiles.Of(times)}");
        }
        Report.Processes(system.ReadProcessStats());
    }
}
