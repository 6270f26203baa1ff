using System.Diagnostics;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Stops the local RabbitMQ under a running system and starts it again: nothing stored may be lost. In the
/// fault-injection collection, which runs alone: every other test system shares the broker.
/// </summary>
[Collection(FaultInjection.Name)]
public class BrokerOutageTests
{
    [LocalBrokerFact]
    public async Task JobSubmittedWhileTheBrokerIsDown_IsStoredAndRunsOnceItIsBack()
    {
        await using var system = new JobQueueSystem();
        await system.InitializeAsync();
        using var api = await system.SignInAsAdminAsync();
        JobDto job;
        await RabbitMqCtl.RunAsync("stop_app");
        try
        {
            job = await api.SubmitAsync("reverse_string", "\"outage\"", system.Queue);
            job.Status.ShouldBe(JobStatus.Queued);
        }
        finally
        {
            await RabbitMqCtl.RunAsync("start_app");
        }

        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(90));
        done.Result.ShouldBe("egatuo");
        // The sweeper logs after it has published, so the job may finish before the line is written.
        await system.Dashboard.WaitForOutputAsync("Reconnected to RabbitMQ", TimeSpan.FromSeconds(10));
        await system.Dashboard.WaitForOutputAsync("Outbox: published", TimeSpan.FromSeconds(10));
    }
}

/// <summary>rabbitmqctl on the local broker: stop_app and start_app restart RabbitMQ under the running system.</summary>
public static class RabbitMqCtl
{
    public static async Task<string> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(LocalBrokerFactAttribute.RabbitMqCtl!, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
        return await standardOutput;
    }

    /// <summary>
    /// A crash of the broker itself: SIGKILL to the Erlang VM (no clean shutdown of anything), then the node started
    /// again as scripts/broker.sh starts it. Durable queues come back from disk.
    /// </summary>
    /// <returns>How long the broker was away.</returns>
    public static async Task<TimeSpan> KillAndRestartAsync()
    {
        var clock = Stopwatch.StartNew();
        var pid = int.Parse((await RunAsync("eval", "list_to_integer(os:getpid()).")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Process.GetProcessById(pid).Kill();
        await Process.GetProcessById(pid).WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        using var start = Process.Start(new ProcessStartInfo("bash", ["-c", "source scripts/broker.sh && PATH=\"$PATH:/usr/sbin\" jq_start_local_rabbitmq"])
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = start.StandardError.ReadToEndAsync();
        await start.WaitForExitAsync();
        start.ExitCode.ShouldBe(0, await errors);
        return clock.Elapsed;
    }
}

/// <summary>Runs only where the tests' broker is a local one that rabbitmqctl can stop and start.</summary>
public sealed class LocalBrokerFactAttribute : FactAttribute
{
    public static readonly string? RabbitMqCtl = new[] { "/usr/sbin/rabbitmqctl", "/usr/lib/rabbitmq/bin/rabbitmqctl", "/usr/local/sbin/rabbitmqctl" }
        .FirstOrDefault(File.Exists);

    public LocalBrokerFactAttribute()
    {
        var host = new Uri(TestPaths.RabbitMqUri).Host;
        if (host is not ("localhost" or "127.0.0.1"))
            Skip = $"The tests' RabbitMQ ({host}) is not local, so this test cannot stop and start it.";
        else if (RabbitMqCtl is null)
            Skip = "rabbitmqctl is not installed, so this test cannot stop and start the broker.";
    }
}
