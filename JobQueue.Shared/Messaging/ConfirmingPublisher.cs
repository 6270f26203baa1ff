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
