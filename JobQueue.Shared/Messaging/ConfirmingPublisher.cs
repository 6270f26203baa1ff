using JobQueue.Shared.Contracts;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// Publishes on one channel with publisher confirms and tracking: each <see cref="PublishAsync{T}"/> returns when
/// the broker has confirmed the message (and throws if it nacked or returned it). Many callers may publish at
/// once; the channel keeps up to <see cref="RabbitMqOptions.MaxOutstandingConfirms"/> in flight.
/// </summary>
public sealed class ConfirmingPublisher(RabbitMqConnection connection, IOptions<RabbitMqOptions> options) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IChannel? _channel;

    public async Task PublishAsync<T>(string exchange, string routingKey, T message, string type,
        bool persistent = true, string? messageId = null, bool mandatory = false, CancellationToken cancellationToken = default)
    {
        var channel = await GetChannelAsync(cancellationToken);
        var properties = MessageEnvelope.Properties(type, persistent, messageId);
        await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, MessageEnvelope.Serialize(message), cancellationToken);
    }

    /// <summary>
    /// Publishes job events on <see cref="Topology.EventsExchange"/> under <paramref name="prefix"/> (<c>job.</c> for a
    /// worker, <c>dashboard.job.</c> for a dashboard): one alone as <c>&lt;prefix&gt;&lt;kind&gt;</c>, several as one
    /// <c>&lt;prefix&gt;batch</c>. Readers take both apart with <see cref="MessageEnvelope.DeserializeJobEvents"/>.
    /// </summary>
    public Task PublishJobEventsAsync(string prefix, IReadOnlyList<JobEvent> events, bool persistent, CancellationToken cancellationToken,
        IReadOnlyList<JobLogLine>? lines = null)
    {
        if (lines is { Count: > 0 })
        {
            var key = prefix + JobEventBatch.KindName;
            return PublishAsync(Topology.EventsExchange, key, new JobEventBatch(events, lines), key, persistent, cancellationToken: cancellationToken);
        }
        if (events.Count == 0)
            return Task.CompletedTask;
        if (events.Count == 1)
        {
            var routingKey = prefix + events[0].KindName;
            return PublishAsync(Topology.EventsExchange, routingKey, events[0], routingKey, persistent, cancellationToken: cancellationToken);
        }
        var batchKey = prefix + JobEventBatch.KindName;
        return PublishAsync(Topology.EventsExchange, batchKey, new JobEventBatch(events), batchKey, persistent, cancellationToken: cancellationToken);
    }

    /// <summary>Publishes a body as it is, with properties of the caller's choosing; returns once confirmed.</summary>
    public async Task PublishRawAsync(string exchange, string routingKey, ReadOnlyMemory<byte> body, BasicProperties properties,
        bool mandatory = false, CancellationToken cancellationToken = default)
    {
        var channel = await GetChannelAsync(cancellationToken);
        await channel.BasicPublishAsync(exchange, routingKey, mandatory, properties, body, cancellationToken);
    }

    /// <summary>Runs <paramref name="action"/> on the publishing channel, e.g. to declare what a publish needs.</summary>
    public async Task WithChannelAsync(Func<IChannel, Task> action, CancellationToken cancellationToken)
    {
        var channel = await GetChannelAsync(cancellationToken);
        await action(channel);
    }

    private async ValueTask<IChannel> GetChannelAsync(CancellationToken cancellationToken)
    {
        if (_channel is { IsClosed: false } open)
            return open;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_channel is { IsClosed: false } raced)
                return raced;
            if (_channel is not null)
                await _channel.DisposeAsync();

            _channel = await connection.OpenChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true,
                publisherConfirmationTrackingEnabled: true,
                outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(options.Value.MaxOutstandingConfirms)),
                cancellationToken);
            return _channel;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_channel is not null)
            await _channel.DisposeAsync();
        _gate.Dispose();
    }
}
