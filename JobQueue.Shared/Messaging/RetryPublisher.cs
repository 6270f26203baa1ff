using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// Sends a failed job's next attempt through <c>jobqueue.retry.&lt;delay&gt;</c>, a TTL queue that hands it back to its
/// job queue when the delay is over: backoff with no broker plugin, and no worker holding a delivery while it waits.
/// </summary>
public sealed class RetryPublisher(ConfirmingPublisher publisher)
{
    private readonly DeclaredOnce<TimeSpan> _delayQueues = new(publisher,
        (channel, delay) => Topology.DeclareRetryQueueAsync(channel, delay, CancellationToken.None));

    /// <summary>Returns once the broker has confirmed the next attempt, so the failed one can be acked.</summary>
    public Task PublishAsync(JobMessage nextAttempt, TimeSpan delay, CancellationToken cancellationToken) =>
        _delayQueues.PublishAsync(delay, () =>
        {
            var properties = MessageEnvelope.Properties("job", persistent: true, nextAttempt.JobId.ToString("N"));
            properties.Headers ??= new Dictionary<string, object?>();
            foreach (var (key, value) in Topology.RetryHeaders(nextAttempt.Queue, nextAttempt.Priority))
                properties.Headers[key] = value;
            // Mandatory: a retry that no delay queue takes comes back as an error instead of vanishing.
            return publisher.PublishRawAsync(Topology.RetryExchange, Topology.RetryRoutingKey(delay),
                MessageEnvelope.Serialize(nextAttempt), properties, mandatory: true, cancellationToken);
        }, cancellationToken);
}
