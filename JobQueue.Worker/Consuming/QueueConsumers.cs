using System.Collections.Concurrent;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Control;
using JobQueue.Worker.Core;
using JobQueue.Worker.Telemetry;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// The AMQP side of taking jobs: one channel, and on it a consumer per configured queue and priority
/// (<c>jobqueue.queue.&lt;name&gt;</c>, <c>:high</c>, <c>:low</c>) with manual acks and a prefetch of the concurrency plus
/// <see cref="PrefetchHeadroom"/>. What they deliver waits in <see cref="Waiting"/>, by priority, for a free slot.
/// It never creates a job queue (admins do, on the dashboard): one that does not exist, or is deleted while it is
/// consumed, is marked missing and consumed once it exists.
/// </summary>
public sealed class QueueConsumers(
    RabbitMqConnection connection,
    IOptions<WorkerOptions> options,
    WorkerCommands commands,
    TimeProvider time,
    ILogger<QueueConsumers> logger) : IAsyncDisposable
{
    /// <summary>
    /// What each priority queue's consumer may hold beyond the concurrency: a lane refills only after an ack's round trip,
    /// and an empty lane at the moment a slot frees loses its turn, so without a few in hand the weights would not hold
    /// at a low concurrency (at concurrency 1, high and low would start about as often).
    /// </summary>
    public const int PrefetchHeadroom = 4;

    private readonly ConcurrentDictionary<string, byte> _announcedQueues = new(StringComparer.Ordinal);
    // Consumer tag -> queue, for the consumers active now: every delivery looks its tag up while commands change it.
    private readonly ConcurrentDictionary<string, string> _consumers = new(StringComparer.Ordinal);
    private IChannel? _channel;
    private AckBatcher? _acks;
    private volatile bool _stopping;
    private int _concurrency;

    /// <summary>What was delivered and waits for a slot, by priority.</summary>
    public PriorityBuffer<Delivery> Waiting { get; } = new();

    /// <summary>Whether a delivery may still start: its consumer is active and the worker takes jobs.</summary>
    public bool MayStart(Delivery delivery) =>
        !_stopping && commands.State == WorkerState.Active && _consumers.ContainsKey(delivery.ConsumerTag);

    /// <summary>
    /// Opens a new channel in place of the old one. Deliveries of a channel that failed cannot be acked on a new one;
    /// the broker delivers them again, so what waited is dropped.
    /// </summary>
    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        _consumers.Clear();
        Waiting.RemoveWhere(_ => true);
        await CloseAsync();
        _channel = await connection.OpenChannelAsync(null, cancellationToken);
        _acks = new AckBatcher(_channel, time, logger);
    }

    /// <summary>Consumes every configured queue that is not paused, each consumer with a prefetch fitting <paramref name="concurrency"/>.</summary>
    public async Task StartAsync(int concurrency, CancellationToken cancellationToken)
    {
        // The prefetch of a consumer is fixed when it starts: set it before each (re)start.
        _concurrency = concurrency;
        await _channel!.BasicQosAsync(0, (ushort)(concurrency + PrefetchHeadroom), global: false, cancellationToken);
        foreach (var queue in options.Value.Queues.Where(q => !commands.PausedQueues.Contains(q)))
            await StartAsync(queue, cancellationToken);
    }

    public async Task StartMissingAsync(CancellationToken cancellationToken)
    {
        if (commands.State != WorkerState.Active)
            return;
        foreach (var queue in commands.MissingQueues.Where(q => !commands.PausedQueues.Contains(q)))
            await StartAsync(queue, cancellationToken);
    }

    public async Task StartAsync(string queue, CancellationToken cancellationToken)
    {
        if (_consumers.Values.Contains(queue))
            return;
        if (!await ExistsAsync(queue, cancellationToken))
        {
            if (!commands.MissingQueues.Contains(queue))
                logger.LogWarning("Queue {Queue} does not exist; this worker consumes it once an admin creates it on the dashboard", queue);
            commands.SetQueueMissing(queue, missing: true);
            return;
        }
        // Said once per queue, and again after the queue was missing; restarts for pause or concurrency are not news.
        if (_announcedQueues.TryAdd(queue, 0))
            logger.LogInformation("Consuming {Queue} with concurrency {Concurrency}", Topology.JobQueueName(queue), _concurrency);
        commands.SetQueueMissing(queue, missing: false);
        foreach (var priority in Topology.Priorities)
        {
            var consumer = new QueueConsumer(_channel!, cancelledTag => OnCancelledByBrokerAsync(cancelledTag, queue));
            consumer.ReceivedAsync += (_, delivery) => OnReceivedAsync(delivery, priority);
            // The tag is known before the first delivery can arrive, which checks it.
            var tag = $"{queue}.{priority.ToString().ToLowerInvariant()}.{Guid.NewGuid():N}";
            _consumers[tag] = queue;
            await _channel!.BasicConsumeAsync(Topology.JobQueueName(queue, priority), autoAck: false, tag, noLocal: false, exclusive: false,
                arguments: null, consumer, cancellationToken);
        }
    }

    /// <summary>Stops every consumer; what they delivered and did not start goes back to the queues.</summary>
    public async Task StopAsync()
    {
        foreach (var tag in _consumers.Keys)
            await CancelConsumerAsync(tag);
        await ReturnWaitingAsync();
    }

    public async Task StopAsync(string queue)
    {
        foreach (var (tag, consumed) in _consumers)
        {
            if (consumed == queue)
                await CancelConsumerAsync(tag);
        }
        await ReturnWaitingAsync();
    }

    /// <summary>On shutdown: nothing more starts, and everything that waits goes back to its queue.</summary>
    public async Task StopForShutdownAsync()
    {
        _stopping = true;
        await StopAsync();
        foreach (var delivery in Waiting.RemoveWhere(_ => true))
            await delivery.Acks.NackAsync(delivery.Tag, requeue: true);
    }

    /// <summary>Passive declares of the queue's three priority queues, on a channel of their own: on a missing queue the broker closes the channel it was asked on.</summary>
    private async Task<bool> ExistsAsync(string queue, CancellationToken cancellationToken)
    {
        var amqp = await connection.GetAsync(cancellationToken);
        foreach (var priority in Topology.Priorities)
        {
            await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                await channel.QueueDeclarePassiveAsync(Topology.JobQueueName(queue, priority), cancellationToken);
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The broker ended a consumer: an admin deleted its queue. The worker waits for the queue to exist again.</summary>
    private Task OnCancelledByBrokerAsync(string consumerTag, string queue)
    {
        if (_consumers.TryRemove(consumerTag, out _))
        {
            logger.LogWarning("Queue {Queue} was deleted; this worker consumes it again if it is created again", queue);
            _announcedQueues.TryRemove(queue, out _);
            commands.SetQueueMissing(queue, missing: true);
        }
        return Task.CompletedTask;
    }

    /// <summary>Deliveries of consumers that stopped, still waiting for a slot, go back to their queue for another worker.</summary>
    private async Task ReturnWaitingAsync()
    {
        foreach (var delivery in Waiting.RemoveWhere(d => !_consumers.ContainsKey(d.ConsumerTag)))
            await delivery.Acks.NackAsync(delivery.Tag, requeue: true);
    }

    private async Task CancelConsumerAsync(string tag)
    {
        if (_consumers.TryRemove(tag, out _) && _channel is { IsOpen: true })
            await _channel.BasicCancelAsync(tag, cancellationToken: CancellationToken.None);
    }

    private async Task OnReceivedAsync(BasicDeliverEventArgs delivery, JobPriority priority)
    {
        // Settled through the batcher of the channel that delivered it, even if the channel is replaced meanwhile: a
        // delivery tag means nothing on another channel.
        var acks = _acks!;
        acks.Delivered(delivery.DeliveryTag);
        // Deliveries already on their way when the worker or their queue paused go back to the queue for another worker.
        if (_stopping || commands.State != WorkerState.Active || !_consumers.ContainsKey(delivery.ConsumerTag))
        {
            await acks.NackAsync(delivery.DeliveryTag, requeue: true);
            return;
        }
        // Each consumer's prefetch bounds what waits here; the dispatcher starts the next by priority when a slot frees.
        Waiting.Add(priority, new Delivery(acks, delivery.DeliveryTag, delivery.ConsumerTag, delivery.Redelivered, delivery.Body.ToArray(),
            WorkerTelemetry.SubmitTrace(delivery.BasicProperties)));
    }

    private async Task CloseAsync()
    {
        if (_acks is not null)
            await _acks.DisposeAsync();
        if (_channel is not null)
            await _channel.DisposeAsync();
        _acks = null;
        _channel = null;
    }

    /// <summary>The jobs that finished in the last few milliseconds are acked before the channel closes, not run again elsewhere.</summary>
    public ValueTask DisposeAsync() => new(CloseAsync());
}
