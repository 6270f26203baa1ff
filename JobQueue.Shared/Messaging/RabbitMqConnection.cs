using JobQueue.Shared.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// The process's one connection to RabbitMQ, on the configured vhost. The first connect is tried again with backoff
/// until a broker node answers (so a process may start before RabbitMQ); after that the client's automatic recovery
/// brings the connection, its channels, consumers and exclusive queues back when the broker returns, or on another
/// node of a cluster (<see cref="RabbitMqOptions.Nodes"/>) when its node goes away.
/// </summary>
/// <param name="connectPipeline">How the first connect waits for the broker (<see cref="Pipelines.BrokerConnect"/>).</param>
public sealed class RabbitMqConnection(IOptions<RabbitMqOptions> options, ILogger<RabbitMqConnection> logger, string clientName,
    ResiliencePipeline connectPipeline) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public bool IsOpen => _connection?.IsOpen == true;

    private readonly IReadOnlyList<AmqpTcpEndpoint> _nodes = [.. options.Value.EffectiveNodes.Select(n => new AmqpTcpEndpoint(n.Host, n.Port))];

    /// <summary>The node it is connected to, else the nodes it may connect to, for logs and health.</summary>
    public string Endpoint => _connection is { IsOpen: true } open
        ? $"{open.Endpoint.HostName}:{open.Endpoint.Port}"
        : string.Join(", ", _nodes.Select(n => $"{n.HostName}:{n.Port}"));

    public string VirtualHost => options.Value.EffectiveVirtualHost;

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
                VirtualHost = options.Value.EffectiveVirtualHost,
                ClientProvidedName = clientName,
                AutomaticRecoveryEnabled = true,
                TopologyRecoveryEnabled = true,
                NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
                RequestedHeartbeat = TimeSpan.FromSeconds(15),
            };
            // With several nodes the client tries them in a random order, at the first connect and at each recovery.
            _connection = await connectPipeline.RunAsync($"Connecting to RabbitMQ at {Endpoint}",
                token => factory.CreateConnectionAsync(_nodes, token), cancellationToken);
            WatchRecovery(_connection);
            logger.LogInformation("Connected to RabbitMQ at {Endpoint}, vhost {VirtualHost}, as {ClientName}", Endpoint, VirtualHost, clientName);
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
