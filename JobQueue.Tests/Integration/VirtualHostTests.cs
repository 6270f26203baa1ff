using System.Diagnostics;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Two whole systems on one broker, each in the virtual host its <c>RabbitMq:VirtualHost</c> setting names (the AMQP URI
/// the same for both, with no vhost in it), each with a queue of the same name and workers on it: neither takes the
/// other's jobs (each job runs on its own system's workers) or events (each hub sees only its own jobs).
/// </summary>
public class VirtualHostTests
{
    [Fact]
    public async Task TwoSystemsInTwoVirtualHostsOnOneBroker_TakeNoneOfEachOthersJobsOrEvents()
    {
        var clock = Stopwatch.StartNew();
        await using var first = new JobQueueSystem { VirtualHostBySetting = true };
        await using var second = new JobQueueSystem { VirtualHostBySetting = true };
        await Task.WhenAll(first.InitializeAsync(), second.InitializeAsync());
        first.RabbitMqUri.ShouldBe(second.RabbitMqUri, "both systems are given the same broker URI");
        var queue = $"shared-{Guid.NewGuid().ToString("N")[..8]}";
        var systems = new[] { first, second };
        var apis = new ApiClient[2];
        var hubs = new HubListener[2];
        var jobs = new HashSet<Guid>[2];
        try
        {
            for (var i = 0; i < 2; i++)
            {
                apis[i] = await systems[i].SignInAsAdminAsync();
                await apis[i].CreateQueueAsync(queue);
                await systems[i].StartWorkerAsync(queue, "same-queue");
                hubs[i] = await HubListener.ConnectAsync(systems[i].DashboardUrl, apis[i].AccessToken, clock);
            }
            for (var i = 0; i < 2; i++)
                jobs[i] = (await apis[i].SubmitBatchAsync("reverse_string", Enumerable.Range(0, 50).Select(n => $"\"{i}-{n}\""), queue)).Select(j => j.Id).ToHashSet();

            for (var i = 0; i < 2; i++)
            {
                await hubs[i].WaitUntilAllReachedAsync(jobs[i], JobStatus.Succeeded, TimeSpan.FromSeconds(60));
                foreach (var id in jobs[i])
                {
                    var job = await apis[i].GetAsync(id);
                    job.WorkerId.ShouldBe(systems[i].WorkerId("same-queue"), $"system {i}'s job {id} ran on another system's worker");
                }
            }
            // Everything the first system's jobs caused has been pushed by now; none of it reached the other hub.
            await Task.Delay(500);
            hubs[0].Received.ShouldNotContain(r => jobs[1].Contains(r.Event.JobId));
            hubs[1].Received.ShouldNotContain(r => jobs[0].Contains(r.Event.JobId));
        }
        finally
        {
            foreach (var hub in hubs.Where(h => h is not null))
                await hub.DisposeAsync();
            foreach (var api in apis.Where(a => a is not null))
                api.Dispose();
        }
    }
}
