using System.Text.Json;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// Feeds <see cref="LiveEvents"/> from this instance's own exclusive, auto-delete, length-bounded queue bound to
/// everything on <c>jobqueue.events</c>. Losing it loses nothing durable: the recorder has the history.
/// </summary>
public sealed class LiveQueueConsumer(RabbitMqConnection connection, LiveEvents live, IOptions<LiveOptions> options,
    ILogger<LiveQueueConsumer> logger, IServiceProvider services) : SupervisedBackgroundService(services)
{
    private IChannel? _channel;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        // A run that failed half-way left a channel behind: close it before the next one opens its own.
        if (_channel is not null)
            await _channel.DisposeAsync();
        _channel = await connection.OpenChannelAsync(null, stoppingToken);
        var queue = await _channel.QueueDeclareAsync($"jobqueue.live.{Environment.MachineName}.{Guid.NewGuid():N}",
            durable: false, exclusive: true, autoDelete: true,
            arguments: new Dictionary<string, object?>
            {
                ["x-max-length"] = options.Value.QueueMaxLength,
                ["x-overflow"] = "drop-head",
            },
            cancellationToken: stoppingToken);
        await _channel.QueueBindAsync(queue.QueueName, Topology.EventsExchange, "#", cancellationToken: stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(_channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            foreach (var liveEvent in Read(delivery.RoutingKey, delivery.Body))
                live.Publish(liveEvent);
            return Task.CompletedTask;
        };
        await _channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, stoppingToken);
        logger.LogInformation("Live view fed from {Queue}", queue.QueueName);
        live.Publish(new LiveEvent.StreamStarted());
    }

    private IEnumerable<LiveEvent> Read(string routingKey, ReadOnlyMemory<byte> body)
    {
        try
        {
            return routingKey switch
            {
                Topology.HeartbeatRoutingKey => [new LiveEvent.WorkerBeat(MessageEnvelope.Deserialize<WorkerHeartbeat>(body))],
                Topology.WorkerStoppedRoutingKey => [new LiveEvent.WorkerGone(MessageEnvelope.Deserialize<WorkerStopped>(body))],
                Topology.WorkerLogRoutingKey => [new LiveEvent.WorkerLogged(MessageEnvelope.Deserialize<WorkerLogLines>(body))],
                Topology.QueuesChangedRoutingKey => [new LiveEvent.QueuesStored(MessageEnvelope.Deserialize<QueueDefinitionsChanged>(body))],
                Topology.JobTypesRoutingKey => [new LiveEvent.JobTypesAdvertised(MessageEnvelope.Deserialize<JobTypesAdvertised>(body))],
                Topology.RecurringChangedRoutingKey => [new LiveEvent.RecurringStored(MessageEnvelope.Deserialize<RecurringJobsChanged>(body))],
                _ when routingKey.StartsWith(Topology.WorkerEventsPrefix, StringComparison.Ordinal)
                    || routingKey.StartsWith(Topology.DashboardEventsPrefix, StringComparison.Ordinal)
                    => JobChanges(MessageEnvelope.DeserializeJobMessage(routingKey, body)),
                _ => [],
            };
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Ignoring an unreadable {RoutingKey} event", routingKey);
            return [];
        }
    }

    /// <summary>A message's events, then the job log lines it carries.</summary>
    private static IEnumerable<LiveEvent> JobChanges(JobEventBatch message) =>
        message.Events.Select(e => (LiveEvent)new LiveEvent.JobChanged(e))
            .Concat((message.Lines ?? []).Select(line => new LiveEvent.JobLogged(line)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (_channel is not null)
            await _channel.DisposeAsync();
    }
}
