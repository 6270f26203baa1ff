using System.Diagnostics;
using JobQueue.Bench.Api;
using JobQueue.Bench.EndToEnd;
using JobQueue.Bench.Measuring;
using JobQueue.Bench.Processes;

namespace JobQueue.Bench.Live;

/// <summary>
/// K SignalR clients on <c>/hubs/jobs</c>, signed in as the user whose jobs run at a steady rate: the delay from a
/// worker creating a job's completion event to each client receiving it, the dashboard's CPU meanwhile, and how
/// soon the same user's Blazor jobs page, open in Chromium, answers a click (<see cref="JobsPageClicks"/>).
/// </summary>
public static class LivePathBenchmark
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private const int WarmupSeconds = 10;
    private static readonly TimeSpan ClickInterval = TimeSpan.FromSeconds(1);

    public static async Task RunAsync(BenchSystem system, BenchApi admin, BenchOptions options, CancellationToken cancellationToken)
    {
        var jobs = options.LiveRate * options.LiveSeconds;
        Report.Section($"Live path: {options.LiveClients} hub clients (a process of their own), {options.LiveRate} jobs/s for {options.LiveSeconds} s ({jobs} jobs)");
        var (email, password) = await admin.CreateUserAsync("live");
        using var user = await BenchApi.SignInAsync(system.Url, email, password);
        await using var clients = await HubClients.StartAsync(system.Url, user.AccessToken, options.LiveClients, cancellationToken);
        // The dashboard, the workers and the clients tier their hot paths up on the first seconds of this load.
        await RunAtRateAsync(user, options.LiveRate, options.LiveRate * WarmupSeconds, cancellationToken);
        var warmup = Stopwatch.StartNew();
        while (clients.Received < (long)options.LiveRate * WarmupSeconds * options.LiveClients && warmup.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100, cancellationToken);
        await clients.ResetAsync();
        Report.Line("warm-up", $"{WarmupSeconds} s at the same rate, not counted");
        await using var page = options.JobsPage ? await OpenJobsPageAsync(system.Url, email, password) : null;

        var before = system.ReadDashboardStats();
        var clientsBefore = clients.Stats();
        var watch = Stopwatch.StartNew();
        var browserBefore = page is null ? null : await page.ReadBrowserTimeAsync();
        using var clicking = new CancellationTokenSource();
        var clicks = page is null ? Task.FromResult(new List<double>()) : page.ClickUntilAsync(ClickInterval, clicking.Token);
        await RunAtRateAsync(user, options.LiveRate, jobs, cancellationToken);
        var submitWindow = watch.Elapsed;
        var after = system.ReadDashboardStats();
        await clicking.CancelAsync();
        var clickAnswers = await TryAsync(clicks);
        var browser = page is null ? null : await page.ReadBrowserTimeAsync() - browserBefore!;

        var expected = (long)jobs * options.LiveClients;
        var deadline = Stopwatch.StartNew();
        while (clients.Received < expected && deadline.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(100, cancellationToken);
        var clientsAfter = clients.Stats();
        var delays = await clients.StopAsync();

        Report.Line("completion event -> hub client", $"{delays}");
        Report.Line("completion events received", $"{delays.Count} of {expected} ({jobs} jobs x {options.LiveClients} clients)");
        if (clientsBefore is not null && clientsAfter is not null)
            Report.Line("hub clients' process CPU", $"{(clientsAfter.CpuTime - clientsBefore.CpuTime).TotalSeconds:0.0} s (pid {clients.Pid}, not counted as the dashboard's)");
        Report.Line("submitted", $"{jobs} jobs in {submitWindow.TotalSeconds:0.0} s (asked: {options.LiveSeconds} s)");
        if (page is not null && clickAnswers is not null)
            Report.Line("jobs page click -> other page shown", $"{Percentiles.Of(clickAnswers)}, one click every {ClickInterval.TotalMilliseconds:0} ms in Chromium");
        if (browser is not null)
            Report.Line("jobs page's renderer (Chromium)", $"busy {browser.Task / submitWindow.TotalSeconds * 100:0}% of a core: script {browser.Script:0.0} s, layout {browser.Layout:0.0} s ({browser.Layouts} layouts), style {browser.Style:0.0} s ({browser.StyleRecalcs}) in {submitWindow.TotalSeconds:0} s");
        var sample = await EndToEndBenchmark.SampleAsync(user, jobs, cancellationToken);
        Report.Line("queue wait (submitted -> started)", $"{Percentiles.Of(sample.Select(j => (j.StartedAt!.Value - j.CreatedAt).TotalMilliseconds))}");
        Report.DashboardCpu(before, after, jobs, submitWindow);
        Report.Processes(system.ReadProcessStats());
    }

    /// <summary>The live user's jobs page, warmed up by a few clicks; null, said in the report, where Chromium is missing.</summary>
    private static async Task<JobsPageClicks?> OpenJobsPageAsync(Uri url, string email, string password)
    {
        if (JobsPageClicks.Unavailable is { } reason)
        {
            Report.Line("jobs page click", $"not measured: {reason}");
            return null;
        }
        JobsPageClicks? page = null;
        try
        {
            page = await JobsPageClicks.OpenAsync(url, email, password);
            for (var i = 0; i < 6; i++)
                await page.ClickAsync();
            return page;
        }
        catch (Exception ex) when (IsProbeFailure(ex))
        {
            Report.Line("jobs page click", $"not measured: {ex.Message}");
            if (page is not null)
                await page.DisposeAsync();
            return null;
        }
    }

    /// <summary>What the browser probe can fail with: the run goes on, and the report says why the clicks are missing.</summary>
    private static bool IsProbeFailure(Exception ex) =>
        ex is TimeoutException or InvalidOperationException or Microsoft.Playwright.PlaywrightException;

    private static async Task<List<double>?> TryAsync(Task<List<double>> clicks)
    {
        try
        {
            return await clicks;
        }
        catch (Exception ex) when (IsProbeFailure(ex))
        {
            Report.Line("jobs page click", $"failed: {ex.Message}");
            return null;
        }
    }

    /// <summary>Submits <paramref name="jobs"/> jobs at <paramref name="rate"/> a second: each tick submits what the rate owes so far, so a slow tick is made up by the next one.</summary>
    private static async Task RunAtRateAsync(BenchApi user, int rate, int jobs, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var submits = new List<Task>();
        using var timer = new PeriodicTimer(Tick);
        var submitted = 0;
        while (submitted < jobs && await timer.WaitForNextTickAsync(cancellationToken))
        {
            var owed = (int)Math.Min(jobs, rate * watch.Elapsed.TotalSeconds) - submitted;
            for (var batch = 0; batch < owed; batch += 1000)
                submits.Add(user.SubmitReverseBatchAsync(Math.Min(1000, owed - batch), cancellationToken));
            submitted += owed;
        }
        await Task.WhenAll(submits);
    }
}
