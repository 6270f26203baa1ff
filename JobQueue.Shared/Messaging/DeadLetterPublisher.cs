using JobQueue.Shared.Contracts;
using RabbitMQ.Client;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// Puts a job that failed, or a message that cannot be read, on <c>jobqueue.dead</c> with the reason in its
/// headers, confirmed before the worker acks the original, so a dead job is never lost between the two. Workers use
/// it, and the dashboard for the jobs of HTTP workers; <c>workerId</c> names the worker that gave up on it.
/// </summary>
public sealed class DeadLetterPublisher(ConfirmingPublisher publisher)
{
    public Task PublishFailedAsync(JobMessage job, string reason, string workerId, CancellationToken cancellationToken)
    {
        var properties = Properties(reason, job.JobId.ToString("N"), workerId);
        properties.Headers![DeadLetterHeaders.Attempts] = job.Attempt;
        properties.Headers[DeadLetterHeaders.Queue] = job.Queue;
        return publisher.PublishRawAsync(Topology.DeadExchange, "", MessageEnvelope.Serialize(job), properties, cancellationToken: cancellationToken);
    }

    public Task PublishUnreadableAsync(ReadOnlyMemory<byte> body, string reason, string workerId, CancellationToken cancellationToken) =>
        publisher.PublishRawAsync(Topology.DeadExchange, "", body, Properties(reason, messageId: null, workerId), cancellationToken: cancellationToken);

    private static BasicProperties Properties(string reason, string? messageId, string workerId)
    {
        var properties = MessageEnvelope.Properties(DeadLetterHeaders.MessageType, persistent: true, messageId);
        properties.Headers ??= new Dictionary<string, object?>();
        properties.Headers[DeadLetterHeaders.Reason] = DeadLetterHeaders.Truncate(reason);
        properties.Headers[DeadLetterHeaders.Worker] = workerId;
        return properties;
    }
}
