using JobQueue.Dashboard.Telemetry;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JobQueue.Dashboard.Broker;

/// <summary>
/// Everything the dashboard does on RabbitMQ besides consuming: jobs, cancels, control commands and notices of the
/// changes it made itself go out (each publish returns once confirmed); job queues are declared, purged, read and
/// deleted. Features speak to the broker through this one class, in the shared contracts' terms.
/// </summary>
public sealed class BrokerGateway(ConfirmingPublisher publisher, RabbitMqConnection connection, IOptions<RabbitMqOptions> options,
    DashboardTelemetry telemetry, ILogger<BrokerGateway> logger)
{
    private readonly DeclaredOnce<string> _jobQueues = new(publisher,
        (channel, queue) => Topology.DeclareJobQueueAsync(channel, queue, options.Value.QueueType, CancellationToken.None));

    /// <summary>Publishes a job to its queue and returns once the broker has confirmed it.</summary>
    public Task PublishJobAsync(JobMessage job, CancellationToken cancellationToken) =>
        _jobQueues.PublishAsync(job.Queue, () =>
            // Mandatory: a job that no queue takes comes back as an error instead of vanishing.
            publisher.PublishAsync(Topology.JobsExchange, Topology.JobRoutingKey(job.Queue, job.Priority), job, "job", persistent: true,
                messageId: job.JobId.ToString("N"), mandatory: true, cancellationToken: cancellationToken),
            cancellationToken);

    public Task PublishCancelAsync(Guid jobId, CancellationToken cancellationToken) =>
        PublishControlAsync(ControlCommand.Cancel(jobId), cancellationToken);

    /// <summary>A command for one worker (<see cref="ControlCommand.WorkerId"/>) or all, on the control fanout.</summary>
    public Task PublishControlAsync(ControlCommand command, CancellationToken cancellationToken) =>
        publisher.PublishAsync(Topology.ControlExchange, "", command, $"control.{command.Kind.ToString().ToLowerInvariant()}",
            persistent: false, cancellationToken: cancellationToken);

    /// <summary>
    /// Tells every dashboard's live view about changes this dashboard stored itself (the recorder never sees them):
    /// one <c>dashboard.job.&lt;kind&gt;</c> message for one event, one <c>dashboard.job.batch</c> for several.
    /// The jobs a notice ends (cancelled before a worker took them, failed by the dead-letter recorder) are counted here.
    /// </summary>
    public Task PublishNoticesAsync(IReadOnlyList<JobEvent> notices, CancellationToken cancellationToken)
    {
        telemetry.Noticed(notices);
        return publisher.PublishJobEventsAsync(Topology.DashboardEventsPrefix, notices, persistent: false, cancellationToken);
    }

    /// <summary>Tells every dashboard instance that the stored queues changed (<see cref="QueueDefinitionsChanged"/>).</summary>
    public Task PublishQueuesChangedAsync(string queue, DateTime at, CancellationToken cancellationToken) =>
        publisher.PublishAsync(Topology.EventsExchange, Topology.QueuesChangedRoutingKey, new QueueDefinitionsChanged(queue, at), "dashboard.queues.changed",
            persistent: false, cancellationToken: cancellationToken);

    /// <summary>Tells every dashboard instance that a recurring job changed or fired (<see cref="RecurringJobsChanged"/>).</summary>
    public Task PublishRecurringChangedAsync(RecurringJobsChanged change, CancellationToken cancellationToken) =>
        publisher.PublishAsync(Topology.EventsExchange, Topology.RecurringChangedRoutingKey, change, "dashboard.recurring.changed",
            persistent: false, cancellationToken: cancellationToken);

    /// <summary>Declares a job queue's three priority queues (an admin created the queue).</summary>
    public Task DeclareJobQueueAsync(string queue, CancellationToken cancellationToken) =>
        publisher.WithChannelAsync(channel => Topology.DeclareJobQueueAsync(channel, queue, options.Value.QueueType, cancellationToken), cancellationToken);

    /// <summary>Empties a job queue (all three priorities) of its waiting messages.</summary>
    /// <returns>How many messages were removed, or null when the broker has no such queue.</returns>
    public Task<uint?> PurgeJobQueueAsync(string queue, CancellationToken cancellationToken) =>
        SumOverPrioritiesAsync(queue, (channel, name) => channel.QueuePurgeAsync(name, cancellationToken), cancellationToken);

    /// <summary>Deletes a job queue (all three priorities), messages and all; consumers of it are told it is gone.</summary>
    /// <returns>How many messages it held, or null when the broker had no such queue.</returns>
    public Task<uint?> DeleteJobQueueAsync(string queue, CancellationToken cancellationToken)
    {
        _jobQueues.Forget(queue);
        return SumOverPrioritiesAsync(queue,
            (channel, name) => channel.QueueDeleteAsync(name, ifUnused: false, ifEmpty: false, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>Ready messages (of all three priorities) and consumers of a job queue, from passive declares.</summary>
    /// <returns>null when the broker has no such queue.</returns>
    public async Task<(uint Ready, uint Consumers)?> ReadJobQueueAsync(string queue, CancellationToken cancellationToken)
    {
        uint? ready = null;
        uint consumers = 0;
        foreach (var priority in Topology.Priorities)
        {
            var read = await OnOwnChannelAsync(async channel =>
            {
                var ok = await channel.QueueDeclarePassiveAsync(Topology.JobQueueName(queue, priority), cancellationToken);
                return ((uint, uint)?)(ok.MessageCount, ok.ConsumerCount);
            }, cancellationToken);
            if (read is not var (messages, consumersOfIt))
                continue;
            ready = (ready ?? 0) + messages;
            // Every worker consumes each priority once: the normal queue's consumers are the queue's.
            if (priority == JobPriority.Normal)
                consumers = consumersOfIt;
        }
        return ready is { } total ? (total, consumers) : null;
    }

    /// <summary>
    /// Gets the job messages waiting in a queue (its high, then normal, then low priority queue) one by one with
    /// <c>basic.get</c>, on a channel of its own, and asks <paramref name="verdict"/> what becomes of each: a
    /// <see cref="FetchVerdict.Take"/> or <see cref="FetchVerdict.Drop"/> acks it (a take ends the look), a
    /// <see cref="FetchVerdict.Skip"/> leaves it for another fetch: a fresh copy is published to the same queue
    /// (confirmed) and then the one looked at is acked. A nack with requeue would count as a delivery of the job, and a
    /// worker that looks at jobs it does not run would spend their delivery limit until they were dead-lettered unrun.
    /// At most <paramref name="limit"/> messages are looked at. A verdict that throws leaves its message unacked: it goes
    /// back to the queue with the channel.
    /// </summary>
    /// <returns>Whether a message was taken; false also when the queue does not exist.</returns>
    public async Task<bool> TakeJobAsync(string queue, Func<ReadOnlyMemory<byte>, RabbitMQ.Client.IReadOnlyBasicProperties, Task<FetchVerdict>> verdict,
        int limit, CancellationToken cancellationToken)
    {
        var amqp = await connection.GetAsync(cancellationToken);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        var skipped = new List<ulong>();
        var looked = 0;
        try
        {
            foreach (var priority in Topology.Priorities)
            {
                while (looked < limit)
                {
                    var got = await channel.BasicGetAsync(Topology.JobQueueName(queue, priority), autoAck: false, cancellationToken);
                    if (got is null)
                        break;
                    looked++;
                    var decided = await verdict(got.Body, got.BasicProperties);
                    if (decided == FetchVerdict.Skip)
                    {
                        if (!await PutBackAsync(got, Topology.JobQueueName(queue, priority), cancellationToken))
                            skipped.Add(got.DeliveryTag);
                        else
                            await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
                        continue;
                    }
                    await channel.BasicAckAsync(got.DeliveryTag, multiple: false, cancellationToken);
                    if (decided == FetchVerdict.Take)
                        return true;
                }
            }
            return false;
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return false;
        }
        finally
        {
            if (channel.IsOpen)
            {
                foreach (var tag in skipped)
                    await channel.BasicNackAsync(tag, multiple: false, requeue: true, CancellationToken.None);
            }
        }
    }

    /// <summary>Publishes a copy of a message looked at and not taken to the queue it came from, without its delivery count.</summary>
    /// <returns>Whether the copy is confirmed (else the message goes back the ordinary way, counted).</returns>
    private async Task<bool> PutBackAsync(BasicGetResult got, string queueName, CancellationToken cancellationToken)
    {
        try
        {
            var properties = new BasicProperties(got.BasicProperties);
            properties.Headers?.Remove("x-delivery-count");
            await publisher.PublishRawAsync("", queueName, got.Body, properties, mandatory: true, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not put a job message back on {Queue} as a fresh copy; it goes back counted as a delivery", queueName);
            return false;
        }
    }

    /// <summary>An operation on each priority queue of <paramref name="queue"/>, its counts added; null when none of them exists.</summary>
    private async Task<uint?> SumOverPrioritiesAsync(string queue, Func<RabbitMQ.Client.IChannel, string, Task<uint>> operation, CancellationToken cancellationToken)
    {
        uint? total = null;
        foreach (var priority in Topology.Priorities)
        {
            if (await OnOwnChannelAsync(async channel => (uint?)await operation(channel, Topology.JobQueueName(queue, priority)), cancellationToken) is { } count)
                total = (total ?? 0) + count;
        }
        return total;
    }

    /// <summary>
    /// Runs a queue operation on a channel of its own: an operation on a missing queue closes its channel (404), which
    /// must not close the publishing one. That 404 is answered as null.
    /// </summary>
    private async Task<T?> OnOwnChannelAsync<T>(Func<RabbitMQ.Client.IChannel, Task<T?>> operation, CancellationToken cancellationToken)
    {
        var amqp = await connection.GetAsync(cancellationToken);
        await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            return await operation(channel);
        }
        catch (OperationInterruptedException ex) when (ex.ShutdownReason?.ReplyCode == 404)
        {
            return default;
        }
    }
}
