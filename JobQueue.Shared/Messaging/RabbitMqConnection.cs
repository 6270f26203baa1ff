using JobQueue.ServiceDefaults.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// The process's one connection to RabbitMQ. The first connect is tried again with backoff until the broker answers
/// (so a process may start before RabbitMQ); after that the client's automatic recovery brings the
/// connection, its channels, consumers and exclusive queues back when the broker returns.
/// </summary>
/// <param name="connectPipeline">How the first connect waits for the broker (<see cref="Pipelines.BrokerConnect"/>).</param>
public sealed class RabbitMqConnection(IOptions<RabbitMqOptions> options, ILogger<RabbitMqConnection> logger, string clientName,
    ResiliencePipeline connectPipeline) : IAsyncDisposable
{
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
            _connection = await connectPipeline.RunAsync($"Connecting to RabbitMQ at {Endpoint}",
                token => factory.CreateConnectionAsync(token), cancellationToken);
            WatchRecovery(_connection);
            logger.LogInformation("Connected to RabbitMQ at {Endpoint} as {ClientName}", Endpoint, clientName);
            return _connection;
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
