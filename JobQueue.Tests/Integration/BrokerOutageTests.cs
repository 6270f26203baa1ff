using System.Diagnostics;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>Stops the local RabbitMQ under the running system and starts it again: nothing stored may be lost.</summary>
[Collection(SystemTests.Name)]
public class BrokerOutageTests(JobQueueSystem system)
{
    [LocalBrokerFact]
    public async Task JobSubmittedWhileTheBrokerIsDown_IsStoredAndRunsOnceItIsBack()
    {
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
    public static async Task RunAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo(LocalBrokerFactAttribute.RabbitMqCtl!, [command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await process.StandardError.ReadToEndAsync());
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
