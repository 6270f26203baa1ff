using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>
/// A job whose every delivery ends with its worker dying (here: killed -9 while it runs) is not delivered for ever:
/// past the delivery limit of the broker policy that scripts/broker.sh applies, RabbitMQ dead-letters it, and the
/// dashboard marks it Failed with that reason.
/// </summary>
public class CrashLoopTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AJobThatKillsEveryWorkerThatRunsIt_IsDeadLetteredAfterTheDeliveryLimit_AndFailed()
    {
        await using var system = new JobQueueSystem { DeliveryLimit = 2 };
        await system.InitializeAsync();
        (await BrokerAdmin.DeliveryLimitAsync(system.VirtualHost)).ShouldBe(2);
        using var api = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("crash-loop");
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 120, \"steps\": 120}", queue);

        // Deliveries 1 to 3 each end with the worker killed; the third return exceeds the limit of 2.
        for (var delivery = 1; delivery <= 3; delivery++)
        {
            var id = $"crash-{delivery}";
            var worker = await system.StartWorkerAsync(queue, id);
            await api.WaitForAsync(job.Id, j => j.Status == JobStatus.Running && j.WorkerId == system.WorkerId(id), TimeSpan.FromSeconds(30),
                $"running on {id}");
            worker.Kill();
            output.WriteLine($"delivery {delivery}: {id} killed -9 while running the job");
        }

        var failed = await api.WaitForStatusAsync(job.Id, JobStatus.Failed, TimeSpan.FromSeconds(30));
        failed.Error.ShouldNotBeNull().ShouldContain("delivery_limit");
        failed.Error.ShouldContain("never finished");
        var letters = await api.WaitForDeadLettersAsync(l => l.Any(d => d.JobId == job.Id), "the dead letter of the crash-looping job");
        letters.Single(d => d.JobId == job.Id).Reason.ShouldContain("more times than the delivery limit allows");
        output.WriteLine($"Failed: {failed.Error}");

        // It is gone from the queue: a healthy worker does not get it again.
        await using var healthy = await system.StartWorkerAsync(queue, "healthy");
        // A job sent after it runs: had it still been in the queue, ahead of this one, the healthy worker would have had it first.
        var after = await api.SubmitAsync("reverse_string", "\"after\"", queue);
        (await api.WaitForStatusAsync(after.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(30))).WorkerId.ShouldBe(system.WorkerId("healthy"));
        (await api.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Failed);
        await api.WaitForQueueAsync(queue, q => q.Ready == 0 && q.Unacked == 0, "nothing left");
    }
}
