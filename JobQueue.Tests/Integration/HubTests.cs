using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class HubTests(JobQueueSystem system)
{
    private async Task<HubConnection> ConnectAsync(ApiClient api, ConcurrentQueue<JobEvent> received)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.DashboardUrl, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.AccessToken))
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        hub.On<JobEvent>("JobChanged", received.Enqueue);
        hub.On<JobEvent[]>("JobsChanged", events =>
        {
            foreach (var jobEvent in events)
                received.Enqueue(jobEvent);
        });
        await hub.StartAsync();
        // Ready answers once the connection has joined its group: no event of a job submitted after it is missed.
        (await hub.InvokeAsync<ReadyAnswer>("Ready")).AllJobs.ShouldBe(api.Email == JobQueueSystem.AdminEmail, "an admin's connection hears every job, a user's only theirs");
        return hub;
    }

    private sealed record ReadyAnswer(bool AllJobs);

    [Fact]
    public async Task Hub_BurstOfJobs_EveryOutcomeReachesTheOwnerAndAdmins_NoneTheStranger()
    {
        await using var audience = await Audience.ConnectAsync(system, ConnectAsync);
        var (owner, ownerEvents, strangerEvents, adminEvents) = (audience.Owner, audience.OwnerEvents, audience.StrangerEvents, audience.AdminEvents);

        var jobs = await owner.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 300).Select(i => $"\"burst {i}\""), system.Queue);
        var ids = jobs.Select(j => j.Id).ToHashSet();

        await WaitForAsync(() => ownerEvents.Where(e => e.Status == JobStatus.Succeeded && ids.Contains(e.JobId)).Select(e => e.JobId).Distinct().Count() == ids.Count);
        await WaitForAsync(() => adminEvents.Where(e => e.Status == JobStatus.Succeeded && ids.Contains(e.JobId)).Select(e => e.JobId).Distinct().Count() == ids.Count);
        // A client that keeps up gets every status change of every job, in order (progress may be skipped).
        ownerEvents.Where(e => ids.Contains(e.JobId) && e.Status == JobStatus.Queued).Select(e => e.JobId).Distinct().Count().ShouldBe(ids.Count);
        foreach (var perJob in ownerEvents.Where(e => ids.Contains(e.JobId)).GroupBy(e => e.JobId))
        {
            var statuses = perJob.Select(e => (int)e.Status).ToList();
            statuses.ShouldBe(statuses.Order().ToList(), $"job {perJob.Key}'s events went backwards");
        }
        strangerEvents.ShouldNotContain(e => ids.Contains(e.JobId));
    }

    [Fact]
    public async Task Hub_PushesAJobsStatusChangesInOrder_OnlyToItsOwnerAndAdmins()
    {
        await using var audience = await Audience.ConnectAsync(system, ConnectAsync);
        var (owner, ownerEvents, strangerEvents, adminEvents) = (audience.Owner, audience.OwnerEvents, audience.StrangerEvents, audience.AdminEvents);

        var job = await owner.SubmitAsync("sleep", "{\"seconds\": 0.6, \"steps\": 3}", system.Queue);
        await WaitForAsync(() => ownerEvents.Any(e => e.JobId == job.Id && e.Status == JobStatus.Succeeded));
        await WaitForAsync(() => adminEvents.Any(e => e.JobId == job.Id && e.Status == JobStatus.Succeeded));

        var statuses = ownerEvents.Where(e => e.JobId == job.Id).Select(e => e.Status).ToList();
        statuses[0].ShouldBe(JobStatus.Queued);
        statuses.ShouldContain(JobStatus.Running);
        statuses[^1].ShouldBe(JobStatus.Succeeded);
        statuses.ShouldBe(statuses.OrderBy(s => (int)s).ToList(), "statuses arrived out of order");
        var progress = ownerEvents.Where(e => e.JobId == job.Id && e.Kind == JobEventKind.Progress).Select(e => e.Progress).ToList();
        // Each step's progress is 0.2 s apart, far more than the hub's 50 ms: the steps arrive. The last one (100) may
        // be replaced by the outcome within one send: a waiting progress gives way to any newer event of its job.
        progress.ShouldBe(progress.Order().ToList(), "progress arrived out of order");
        progress.ShouldBeSubsetOf([100.0 / 3, 200.0 / 3, 100.0]);
        progress.Take(2).ShouldBe([100.0 / 3, 200.0 / 3]);
        ownerEvents.Single(e => e.JobId == job.Id && e.Status == JobStatus.Succeeded).Result.ShouldBe("slept 0.6 s in 3 steps");
        strangerEvents.ShouldNotContain(e => e.JobId == job.Id);
    }

    [Fact]
    public async Task Hub_PushesWorkerHeartbeats()
    {
        using var user = await system.NewUserAsync();
        var heartbeats = new ConcurrentQueue<WorkerHeartbeat>();
        await using var hub = await ConnectAsync(user, new ConcurrentQueue<JobEvent>());
        hub.On<WorkerHeartbeat>("WorkerHeartbeat", heartbeats.Enqueue);

        await WaitForAsync(() => heartbeats.Any(h => h.WorkerId == system.WorkerId("worker-1")));

        var beat = heartbeats.First(h => h.WorkerId == system.WorkerId("worker-1"));
        beat.Queues.ShouldBe([system.Queue]);
        beat.JobTypes.ShouldBe(["fibonacci_calc", "reverse_string", "sleep", "uppercase_text"]);
        beat.Concurrency.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Hub_WithoutToken_IsRefused()
    {
        var hub = new HubConnectionBuilder().WithUrl(new Uri(system.DashboardUrl, "/hubs/jobs")).Build();
        var error = await Should.ThrowAsync<HttpRequestException>(() => hub.StartAsync());
        error.StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
        await hub.DisposeAsync();
    }

    /// <summary>A job's owner, another user and an admin, each with a hub connection and what it received.</summary>
    private sealed class Audience : IAsyncDisposable
    {
        private readonly List<IDisposable> _clients = [];
        private readonly List<HubConnection> _hubs = [];

        public ApiClient Owner { get; private set; } = null!;
        public ConcurrentQueue<JobEvent> OwnerEvents { get; } = new();
        public ConcurrentQueue<JobEvent> StrangerEvents { get; } = new();
        public ConcurrentQueue<JobEvent> AdminEvents { get; } = new();

        public static async Task<Audience> ConnectAsync(JobQueueSystem system, Func<ApiClient, ConcurrentQueue<JobEvent>, Task<HubConnection>> connect)
        {
            var audience = new Audience();
            foreach (var (client, events) in new[]
            {
                (await system.NewUserAsync(), audience.OwnerEvents),
                (await system.NewUserAsync(), audience.StrangerEvents),
                (await system.SignInAsAdminAsync(), audience.AdminEvents),
            })
            {
                audience._clients.Add(client);
                audience._hubs.Add(await connect(client, events));
            }
            audience.Owner = (ApiClient)audience._clients[0];
            return audience;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var hub in _hubs)
                await hub.DisposeAsync();
            foreach (var client in _clients)
                client.Dispose();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the hub did not deliver the expected events");
            await Task.Delay(50);
        }
    }
}
