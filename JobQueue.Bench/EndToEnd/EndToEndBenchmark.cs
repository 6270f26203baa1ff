using JobQueue.Bench.Api;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;

namespace JobQueue.Bench.EndToEnd;

public sealed record EndToEndResult(double SubmitRate, double JobsPerSecond);

/// <summary>
/// The job path users take: N reverse_string jobs through the REST API, each stored, published with a confirm, run by
/// a worker, its events confirmed, acked and recorded, until the database has every one Succeeded.
/// </summary>
public static class EndToEndBenchmark
{
    private const int SampledPages = 100;
    private const int PageSize = 500;

    public static async Task<EndToEndResult> RunAsync(BenchSystem system, BenchApi admin, BenchOptions options, CancellationToken cancellationToken)
    {
        Report.Section($"End to end: {options.Jobs} reverse_string jobs, batches of {options.BatchSize}, {options.Submitters} submitters"
            + (system.Urls.Count > 1 ? $" spread over {system.Urls.Count} dashboards" : ""));
        // Every process compiles its hot paths on the first jobs, and tiers them up (instrumented, then optimised) over
        // the next tens of seconds; that start-up cost is not what is being measured.
        var admins = new List<BenchApi> { admin };
        foreach (var url in system.Urls.Skip(1))
            admins.Add(await BenchApi.SignInAsync(url, system.AdminEmail, system.AdminPassword));
        if (options.WarmupJobs > 0)
        {
            var warmup = await JobRun.RunAsync(admin, admins, options.WarmupJobs, options.BatchSize, options.Submitters,
                await admin.CountAsync("Succeeded", cancellationToken), cancellationToken);
            Report.Line("warm-up", $"{options.WarmupJobs} jobs in {warmup.Succeeded.TotalSeconds:0.0} s, not counted");
        }

        var (email, password) = await admin.CreateUserAsync("e2e");
        using var user = await BenchApi.SignInAsync(system.Url, email, password);
        var users = new List<BenchApi> { user };
        foreach (var url in system.Urls.Skip(1))
            users.Add(await BenchApi.SignInAsync(url, email, password));
        var before = system.ReadDashboardStats();
        var machineBefore = ProcessStats.CpuByFamily();
        var timing = await JobRun.RunAsync(user, users, options.Jobs, options.BatchSize, options.Submitters, 0, cancellationToken);
        var after = system.ReadDashboardStats();
        var machineAfter = ProcessStats.CpuByFamily();
        foreach (var other in users.Skip(1).Concat(admins.Skip(1)))
            other.Dispose();

        var result = new EndToEndResult(options.Jobs / timing.Submitted.TotalSeconds, options.Jobs / timing.Succeeded.TotalSeconds);
        Report.Line("submitted", $"{options.Jobs} jobs in {timing.Submitted.TotalSeconds:0.00} s = {result.SubmitRate:0} jobs/s");
        Report.Line("all recorded as Succeeded", $"after {timing.Succeeded.TotalSeconds:0.00} s = {result.JobsPerSecond:0} jobs/s end to end");

        Report.DashboardCpu(before, after, options.Jobs, timing.Succeeded);
        Report.CpuByFamily(machineBefore, machineAfter, options.Jobs, timing.Succeeded);
        var jobs = await SampleAsync(user, options.Jobs, cancellationToken);
        Report.Line("queue wait (submitted -> started)", $"{Percentiles.Of(jobs.Select(j => (j.StartedAt!.Value - j.CreatedAt).TotalMilliseconds))}");
        Report.Line("end to end (submitted -> finished)", $"{Percentiles.Of(jobs.Select(j => (j.FinishedAt!.Value - j.CreatedAt).TotalMilliseconds))}");
        if (jobs.Count < options.Jobs)
            Report.Line("latency sample", $"{jobs.Count} of {options.Jobs} jobs, from {SampledPages} pages spread over the run");
        Report.Processes(system.ReadProcessStats());
        return result;
    }

    /// <summary>All jobs up to <see cref="SampledPages"/> pages; beyond that, pages spread evenly over the run.</summary>
    public static async Task<List<JobTimes>> SampleAsync(BenchApi user, int total, CancellationToken cancellationToken)
    {
        var pages = (total + PageSize - 1) / PageSize;
        var wanted = pages <= SampledPages
            ? Enumerable.Range(1, pages)
            : Enumerable.Range(0, SampledPages).Select(i => 1 + (int)((long)i * (pages - 1) / (SampledPages - 1))).Distinct();
        var jobs = new List<JobTimes>();
        foreach (var page in wanted)
            jobs.AddRange((await user.ListAsync("Succeeded", page, PageSize, cancellationToken)).Items);
        return jobs;
    }
}
