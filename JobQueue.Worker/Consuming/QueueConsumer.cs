using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// A consumer that tells apart the broker ending it (a <c>basic.cancel</c>: its queue was deleted) from its channel
/// closing (a lost connection, which the client's recovery mends by consuming again with the same tag).
/// </summary>
internal sealed class QueueConsumer(IChannel channel, Func<string, Task> cancelledByBroker) : AsyncEventingBasicConsumer(channel)
{
    public override async Task HandleBasicCancelAsync(string consumerTag, CancellationToken cancellationToken = default)
    {
        await cancelledByBroker(consumerTag);
        await base.HandleBasicCancelAsync(consumerTag, cancellationToken);
    }
}
