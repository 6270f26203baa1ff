using System.Collections.Concurrent;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Tests.Integration;

/// <summary><c>POST /api/jobs/batch</c>, and the packed event messages that let a burst of jobs cost few broker messages.</summary>
[Collection(SystemTests.Name)]
public class BatchSubmitTests(JobQueueSystem system)
{
    private const int Jobs = 200;

    [Fact]
    public async Task SubmitBatch_StoresEveryJobInOrder_EachSucceedsWithAFullTimeline_AndWorkersPackTheirEvents()
    {
        await using var events = await EventListener.StartAsync(system.Broker);
        using var api = await system.NewUserAsync();

        var submitted = await api.SubmitBatchAsync("reverse_string", Enumerable.Range(0, Jobs).Select(i => $"\"job {i}\""), system.Queue);

        submitted.Count.ShouldBe(Jobs);
        submitted.Select(j => j.Payload.GetString()).ShouldBe(Enumerable.Range(0, Jobs).Select(i => $"job {i}"));
        submitted.ShouldAllBe(j => j.Status == JobStatus.Queued && j.Queue == system.Queue);
        submitted.Select(j => j.Id).Distinct().Count().ShouldBe(Jobs);

        foreach (var job in submitted)
        {
            var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
            done.Result.ShouldBe(new string(job.Payload.GetString()!.Reverse().ToArray()));
        }
        (await api.ListAsync("?status=Succeeded&pageSize=1")).Total.ShouldBe(Jobs);

        // Whether or not its job.started went out, every job's timeline says when it was queued, started and finished.
        var detail = await api.GetAsync(submitted[^1].Id);
        detail.Timeline!.Select(t => t.Status).ShouldBe([JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded]);
        detail.Timeline![1].At.ShouldBe(detail.StartedAt!.Value);
        detail.StartedAt!.Value.ShouldBeLessThanOrEqualTo(detail.FinishedAt!.Value);

        // 200 jobs at once: the workers' outcomes travel packed, and every outcome arrives exactly once in all.
        var ids = submitted.Select(j => j.Id).ToHashSet();
        await Eventually.ReadAsync(() => Task.FromResult(events.Succeeded(ids)), n => n == Jobs, "every job.succeeded seen on jobqueue.events");
        var ours = events.MessagesAbout(ids);
        ours.Count(m => m.RoutingKey == Topology.WorkerEventBatchRoutingKey).ShouldBeGreaterThan(0,
            "no job.batch message: the workers published each event alone");
        ours.Count.ShouldBeLessThan(2 * Jobs, "packing should leave fewer messages than two per job");
    }

    [Fact]
    public async Task SubmitBatch_OneInvalidJob_StoresNone()
    {
        using var api = await system.NewUserAsync();
        var response = await api.PostJsonAsync("/api/jobs/batch",
            """{"jobs":[{"type":"reverse_string","payload":"fine"},{"type":"sleep","payload":{"seconds":-1}}]}""");

        ((int)response.StatusCode).ShouldBe(400);
        (await response.Content.ReadAsStringAsync()).ShouldContain("jobs[1].payload");
        (await api.ListAsync()).Total.ShouldBe(0);
    }

    /// <summary>Counts what the workers put on <c>jobqueue.events</c>, as a dashboard's live queue receives it.</summary>
    private sealed class EventListener : IAsyncDisposable
    {
        private readonly IChannel _channel;
        private readonly ConcurrentQueue<(string RoutingKey, IReadOnlyList<JobEvent> Events)> _messages = new();

        private EventListener(IChannel channel) => _channel = channel;

        /// <summary>The messages carrying an event of these jobs: other tests' systems share the exchange.</summary>
        public List<(string RoutingKey, IReadOnlyList<JobEvent> Events)> MessagesAbout(HashSet<Guid> ids) =>
            _messages.Where(m => m.Events.Any(e => ids.Contains(e.JobId))).ToList();

        public int Succeeded(HashSet<Guid> ids) =>
            _messages.SelectMany(m => m.Events).Count(e => e.Kind == JobEventKind.Succeeded && ids.Contains(e.JobId));

        public static async Task<EventListener> StartAsync(RabbitMqConnection broker)
        {
            var connection = await broker.GetAsync(CancellationToken.None);
            var channel = await connection.CreateChannelAsync();
            var listener = new EventListener(channel);
            var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
            await channel.QueueBindAsync(queue.QueueName, Topology.EventsExchange, Topology.WorkerEventsPrefix + "#");
            var consumer = new AsyncEventingBasicConsumer(channel);
            consumer.ReceivedAsync += (_, delivery) =>
            {
                listener._messages.Enqueue((delivery.RoutingKey, MessageEnvelope.DeserializeJobEvents(delivery.RoutingKey, delivery.Body)));
                return Task.CompletedTask;
            };
            await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
            return listener;
        }

        public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
    }
}
