using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// The process's one connection to RabbitMQ. The first connect retries with backoff until the broker answers
/// (so a process may start before RabbitMQ); after that the client's automatic recovery brings the
/// connection, its channels, consumers and exclusive queues back when the broker returns.
/// </summary>
public sealed class RabbitMqConnection(IOptions<RabbitMqOptions> options, ILogger<RabbitMqConnection> logger, string clientName)
    : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public bool IsOpen => _connection?.IsOpen == true;

    public string Endpoint => new Uri(options.Value.Uri) is var uri ? $"{uri.Host}:{(uri.Port > 0 ? uri.Port : 5672)}" : "";

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
            return existing;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { } raced)
                return raced;

            var factory = new ConnectionFactory
            {
                Uri = new Uri(options.Value.Uri),
                ClientProvidedName = clientName,
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                RequestedHeartbeat = TimeSpan.FromSeconds(15),
            };
            var backoff = TimeSpan.FromMilliseconds(500);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    _connection = await factory.CreateConnectionAsync(cancellationToken);
                    WatchRecovery(_connection);
                    logger.LogInformation("Connected to RabbitMQ at {Endpoint} as {ClientName}", Endpoint, clientName);
                    return _connection;
                }
                catch (BrokerUnreachableException ex)
                {
                    logger.LogWarning("RabbitMQ at {Endpoint} is not reachable (attempt {Attempt}: {Reason}); retrying in {Delay:0.#} s",
                        Endpoint, attempt, ex.InnerException?.Message ?? ex.Message, backoff.TotalSeconds);
                    await Task.Delay(backoff, cancellationToken);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Opens a channel on the connection, with the JobQueue exchanges declared, ready for any of our uses.</summary>
    public async Task<IChannel> OpenChannelAsync(CreateChannelOptions? channelOptions, CancellationToken cancellationToken)
    {
        var connection = await GetAsync(cancellationToken);
        var channel = await connection.CreateChannelAsync(channelOptions, cancellationToken);
        await Topology.DeclareExchangesAsync(channel, cancellationToken);
        return channel;
    }

    private void WatchRecovery(IConnection connection)
    {
        connection.ConnectionShutdownAsync += (_, args) =>
        {
            if (args.Initiator != ShutdownInitiator.Application)
                logger.LogWarning("Lost the RabbitMQ connection ({Reason}); reconnecting", args.ReplyText);
            return Task.CompletedTask;
        };
        connection.RecoverySucceededAsync += (_, _) =>
        {
            logger.LogInformation("Reconnected to RabbitMQ at {Endpoint}", Endpoint);
            return Task.CompletedTask;
        };
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            try
            {
                await connection.CloseAsync();
            }
            catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException or IOException)
            {
                // Closing a connection the broker already dropped is not worth reporting at shutdown.
            }
            connection.Dispose();
        }
        _gate.Dispose();
    }
}
