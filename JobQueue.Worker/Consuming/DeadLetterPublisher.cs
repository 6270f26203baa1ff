using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using RabbitMQ.Client;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// Puts a job that failed, or a message that cannot be read, on <c>jobqueue.dead</c> with the reason in its
/// headers, confirmed before the worker acks the original, so a dead job is never lost between the two.
/// </summary>
public sealed class DeadLetterPublisher(ConfirmingPublisher publisher, WorkerIdentity identity)
{
    public Task PublishFailedAsync(JobMessage job, string reason, CancellationToken cancellationToken)
    {
        var properties = Properties(reason, job.JobId.ToString("N"));
        properties.Headers![DeadLetterHeaders.Attempts] = job.Attempt;
        properties.Headers[DeadLetterHeaders.Queue] = job.Queue;
        return publisher.PublishRawAsync(Topology.DeadExchange, "", MessageEnvelope.Serialize(job), properties, cancellationToken: cancellationToken);
    }

    public Task PublishUnreadableAsync(ReadOnlyMemory<byte> body, string reason, CancellationToken cancellationToken) =>
        publisher.PublishRawAsync(Topology.DeadExchange, "", body, Properties(reason, messageId: null), cancellationToken: cancellationToken);

    private BasicProperties Properties(string reason, string? messageId)
    {
        var properties = MessageEnvelope.Properties(DeadLetterHeaders.MessageType, persistent: true, messageId);
        properties.Headers ??= new Dictionary<string, object?>();
        properties.Headers[DeadLetterHeaders.Reason] = DeadLetterHeaders.Truncate(reason);
        properties.Headers[DeadLetterHeaders.Worker] = identity.Id;
        return properties;
    }
}
