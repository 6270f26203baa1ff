using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>
/// <c>./run.sh</c> itself, on the tests' broker (a vhost of its own) and the solution's build output: a worker and
/// then the dashboard killed -9 under it each come back by themselves, the other processes keep running, no job is
/// lost, and SIGTERM still stops everything it started.
/// </summary>
[RunsAbout(Seconds = 70)]
public class RunScriptTests(ITestOutputHelper output)
{
    private const string AdminPassword = "Run-Script-Passw0rd";

    [Fact]
    public async Task RunScript_RestartsAWorkerAndTheDashboardKilledUnderIt_LosesNoJob_AndStopsEverythingOnSigterm()
    {
        var vhost = $"jobqueue-run-{Guid.NewGuid():N}"[..24];
        await BrokerAdmin.CreateVhostAsync(vhost);
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var run = RunScript.Start($"run-sh-{vhost}", new Dictionary<string, string>
        {
            ["JOBQUEUE_URL"] = url.ToString().TrimEnd('/'),
            ["JOBQUEUE_WORKERS"] = "2",
            ["JOBQUEUE_RABBITMQ"] = BrokerAdmin.UriOf(vhost),
            ["JOBQUEUE_ADMIN_EMAIL"] = JobQueueSystem.AdminEmail,
            ["JOBQUEUE_ADMIN_PASSWORD"] = AdminPassword,
            ["Worker__HeartbeatInterval"] = "00:00:01",
        });
        var script = run.Process;
        var clock = Stopwatch.StartNew();
        try
        {
            await script.WaitForOutputAsync("JobQueue is running at", TimeSpan.FromSeconds(120));
            using var admin = await ApiClient.SignInAsync(url, JobQueueSystem.AdminEmail, AdminPassword);
            var workers = await WaitForWorkersAsync(admin, w => w.Count == 2, "two workers online");
            await JobQueueSystem.WaitForJobTypesAsync(url, ["sleep"], adminPassword: AdminPassword);
            var submitted = (await admin.SubmitBatchAsync("sleep", Enumerable.Range(0, 40).Select(_ => "{\"seconds\": 0.5, \"steps\": 2}"), null))
                .Select(j => j.Id).ToList();

            // A worker dies: its supervisor starts it again; the dashboard and the other worker go on.
            var victim = workers[0];
            Process.GetProcessById(victim.Pid).Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed -9 worker pid {victim.Pid}");
            await script.WaitForOutputAsync("worker-", TimeSpan.FromSeconds(30));
            var after = await WaitForWorkersAsync(admin, w => w.Count == 2 && w.All(x => x.Pid != victim.Pid), "a new worker in place of the killed one");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: workers online again: pids {string.Join(", ", after.Select(w => w.Pid))}");
            Process.GetProcessById(workers[1].Pid).HasExited.ShouldBeFalse("the other worker was stopped too");

            // The dashboard dies: it comes back on the same database, the workers never stopped.
            var dashboard = FindDashboard(url);
            submitted.AddRange((await admin.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 40).Select(i => $"\"run {i}\""), null)).Select(j => j.Id));
            dashboard.Kill();
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: killed -9 dashboard pid {dashboard.Id}");
            await script.WaitForOutputAsync("dashboard exited", TimeSpan.FromSeconds(30));
            using var again = await Eventually.ReadAsync(async () =>
            {
                try
                {
                    return await ApiClient.SignInAsync(url, JobQueueSystem.AdminEmail, AdminPassword);
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, api => api is not null, "the dashboard answering again", TimeSpan.FromSeconds(90));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: dashboard answers again (pid {FindDashboard(url).Id})");
            after.All(w => !Process.GetProcessById(w.Pid).HasExited).ShouldBeTrue("a worker stopped with the dashboard");

            foreach (var id in submitted)
                await again!.WaitForStatusAsync(id, JobStatus.Succeeded, TimeSpan.FromSeconds(90));
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: all {submitted.Count} jobs Succeeded");

            // SIGTERM stops everything run.sh started.
            var pids = after.Select(w => w.Pid).Append(FindDashboard(url).Id).ToList();
            await script.StopAsync(TimeSpan.FromSeconds(60));
            pids.ShouldAllBe(pid => !IsRunning(pid), "a process outlived run.sh");
            output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: SIGTERM stopped run.sh and its {pids.Count} processes");
        }
        finally
        {
            await run.DisposeAsync();
            await BrokerAdmin.DeleteVhostAsync(vhost);
        }
    }

    [Fact]
    public async Task RunScript_TwoDashboardsOnPostgres_BothServeTheSameJobs_AndTwoOnSqliteAreRefused()
    {
        // Refused before it starts anything: read all it says, then its exit code.
        var start = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepositoryRoot, "run.sh")])
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["JOBQUEUE_DASHBOARDS"] = "2";
        start.Environment["JOBQUEUE_NO_BUILD"] = "1";
        using (var refused = Process.Start(start)!)
        {
            var said = refused.StandardError.ReadToEndAsync();
            await refused.StandardOutput.ReadToEndAsync();
            await refused.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            refused.ExitCode.ShouldBe(1);
            (await said).ShouldContain("JOBQUEUE_DASHBOARDS=2 needs a shared database: set JOBQUEUE_DB=postgres");
        }

        var vhost = $"jobqueue-run-{Guid.NewGuid():N}"[..24];
        await BrokerAdmin.CreateVhostAsync(vhost);
        var database = await PostgresDatabases.CreateAsync("runsh");
        var first = FreePort.Next();
        var urls = new[] { new Uri($"http://127.0.0.1:{first}"), new Uri($"http://127.0.0.1:{first + 1}") };
        var script = RunScript.Start($"run-sh-{vhost}", new Dictionary<string, string>
        {
            ["JOBQUEUE_URL"] = urls[0].ToString().TrimEnd('/'),
            ["JOBQUEUE_DB"] = "postgres",
            ["JOBQUEUE_POSTGRES"] = database,
            ["JOBQUEUE_DASHBOARDS"] = "2",
            ["JOBQUEUE_WORKERS"] = "1",
            ["JOBQUEUE_RABBITMQ"] = BrokerAdmin.UriOf(vhost),
            ["JOBQUEUE_ADMIN_EMAIL"] = JobQueueSystem.AdminEmail,
            ["JOBQUEUE_ADMIN_PASSWORD"] = AdminPassword,
        });
        try
        {
            await script.Process.WaitForOutputAsync("JobQueue is running at", TimeSpan.FromSeconds(120));
            script.Process.Output.ShouldContain("2 dashboards on one database");
            // run.sh says "running" once its workers advertised their types; each dashboard has them a moment later.
            foreach (var dashboard in urls)
                await JobQueueSystem.WaitForJobTypesAsync(dashboard, ["reverse_string"], adminPassword: AdminPassword);
            using var onFirst = await ApiClient.SignInAsync(urls[0], JobQueueSystem.AdminEmail, AdminPassword);
            using var onSecond = await ApiClient.SignInAsync(urls[1], JobQueueSystem.AdminEmail, AdminPassword);
            var job = await onSecond.SubmitAsync("reverse_string", "\"two\"", null);
            (await onFirst.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60))).Result.ShouldBe("owt");
            await script.Process.StopAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await script.DisposeAsync();
            await BrokerAdmin.DeleteVhostAsync(vhost);
            await PostgresDatabases.DropAsync(database);
        }
    }

    private static Task<List<WorkerDto>> WaitForWorkersAsync(ApiClient admin, Func<List<WorkerDto>, bool> condition, string what) =>
        Eventually.ReadAsync(async () => (await admin.Http.GetFromJsonAsync<List<WorkerDto>>("/api/workers", ApiClient.Json))!
                .Where(w => w.State == WorkerDisplayState.Active).ToList(),
            condition, what, TimeSpan.FromSeconds(60));

    /// <summary>The dashboard run.sh started: the one process serving <paramref name="url"/>.</summary>
    private static Process FindDashboard(Uri url)
    {
        var urlArgument = url.ToString().TrimEnd('/');
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                continue;
            string commandLine;
            try
            {
                commandLine = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to read.
                continue;
            }
            if (commandLine.Contains("JobQueue.Dashboard.dll", StringComparison.Ordinal) && commandLine.Contains(urlArgument, StringComparison.Ordinal))
                return Process.GetProcessById(pid);
        }
        throw new InvalidOperationException($"No dashboard process serves {url}.");
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            return !Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
