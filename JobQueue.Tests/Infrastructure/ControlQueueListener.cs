using System.Collections.Concurrent;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Tests.Infrastructure;

/// <summary>Hears <c>jobqueue.control</c> the way a worker does: an exclusive queue of its own bound to the fanout.</summary>
public sealed class ControlQueueListener : IAsyncDisposable
{
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<ControlCommand> _commands = new();

    private ControlQueueListener(IChannel channel) => _channel = channel;

    public static async Task<ControlQueueListener> StartAsync(RabbitMqConnection broker)
    {
        var connection = await broker.GetAsync(CancellationToken.None);
        var channel = await connection.CreateChannelAsync();
        var listener = new ControlQueueListener(channel);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, Topology.ControlExchange, "");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            listener._commands.Enqueue(MessageEnvelope.Deserialize<ControlCommand>(delivery.Body));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return listener;
    }

    public async Task<bool> WaitForCancelAsync(Guid jobId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_commands.Any(c => c is { Kind: ControlCommandKind.CancelJob } && c.JobId == jobId))
                return true;
            await Task.Delay(50);
        }
        return false;
    }

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync();
}
