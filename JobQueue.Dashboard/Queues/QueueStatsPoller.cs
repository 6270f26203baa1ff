using System.Text.Json;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.ServiceDefaults.Resilience;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// Reads the figures of every queue of the <see cref="QueueCatalog"/> each interval and pushes them into the live stream: from the management
/// API while it answers (of several, a cluster's nodes', the first that does), else from AMQP passive declares (ready
/// and consumers only). A management API that fails or hangs costs at most one short wait (<see cref="Pipelines.ManagementApi"/>:
/// a timeout and a circuit breaker, one per API), and the figures come from the next API, or from AMQP until one
/// answers again; a broker that does not answer at all leaves the last figures in place, which the monitor shows as stale.
/// </summary>
public sealed class QueueStatsPoller(
    IHttpClientFactory httpClients,
    BrokerGateway broker,
    QueueCatalog catalog,
    Workers.WorkerRegistry workers,
    IOptions<RabbitMqOptions> rabbitOptions,
    IOptions<QueueStatsOptions> options,
    LiveEvents live,
    ResiliencePipelineRegistry<string> pipelines,
    TimeProvider time,
    ILogger<QueueStatsPoller> logger,
    IServiceProvider services) : SupervisedBackgroundService(services), IQueueStats
{
    public const string HttpClientName = "rabbitmq-management";

    private static readonly JsonSerializerOptions ManagementJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly IReadOnlyList<(ManagementEndpoint Endpoint, ResiliencePipeline Pipeline)> _endpoints =
        [.. ManagementEndpoint.AllFrom(rabbitOptions.Value, options.Value).Select(e => (e, pipelines.GetManagementApiPipeline(e.Queues.ToString(), services)))];
    private int _current;
    private QueueStatsSource? _lastSource;
    private bool _failing;

    public QueueStats? Latest { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            if (await ReadAsync(stoppingToken) is { } stats)
            {
                Latest = stats;
                live.Publish(new LiveEvent.QueuesChanged(stats));
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>The figures, or null when neither source answered (the broker is away).</returns>
    private async Task<QueueStats?> ReadAsync(CancellationToken stoppingToken)
    {
        try
        {
            var stats = WithHttpWorkers(await ReadBothAsync(stoppingToken));
            if (stats.Source != _lastSource)
                logger.LogInformation("Queue figures come from {Source}", stats.Source == QueueStatsSource.Management
                    ? "the RabbitMQ management API" : "AMQP passive declares (ready and consumers only) while the management API does not answer");
            _lastSource = stats.Source;
            _failing = false;
            return stats;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Said once per outage, not once a second.
            if (!_failing)
                logger.LogWarning(ex, "Could not read the queue figures; the monitor shows the last ones as stale until RabbitMQ answers");
            _failing = true;
            return null;
        }
    }

    /// <summary>
    /// Ready and consumers from AMQP passive declares, read now; the rest (unacked, totals, rates) from the management
    /// API, whose own figures lag by up to its statistics interval (5 s by default): a wall showed a queue's depth 6 to
    /// 10 s late while it said "Live". Either source alone still gives figures.
    /// </summary>
    private async Task<QueueStats> ReadBothAsync(CancellationToken cancellationToken)
    {
        QueueStats? passive = null;
        Exception? amqpFailure = null;
        try
        {
            passive = await ReadPassiveAsync(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            amqpFailure = ex;
        }
        var management = await ReadManagementAsync(cancellationToken);
        if (amqpFailure is not null && management is not null)
            logger.LogDebug(amqpFailure, "AMQP did not give the queue figures; ready and consumers come from the management API, late by its statistics interval");
        return (management, passive) switch
        {
            ({ } details, { } live) => Merged(details, live),
            ({ } details, null) => details,
            (null, { } live) => live,
            _ => throw amqpFailure ?? new InvalidOperationException("Neither the management API nor AMQP gave the queue figures"),
        };
    }

    private static QueueStats Merged(QueueStats details, QueueStats live)
    {
        var now = live.Queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var queues = details.Queues
            .Select(q => now.TryGetValue(q.Name, out var fresh)
                ? q with { Ready = fresh.Ready, Consumers = fresh.Consumers, Total = fresh.Ready + (q.Unacked ?? 0) }
                : q)
            .Concat(live.Queues.Where(q => details.Queues.All(d => d.Name != q.Name)))
            .OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
        return new QueueStats(queues, QueueStatsSource.Management, live.At, details.At);
    }

    /// <summary>
    /// Consumers are the broker's plus the HTTP workers online that fetch from the queue: they take its jobs too,
    /// through the dashboards' <c>basic.get</c>, so the broker does not see them.
    /// </summary>
    private QueueStats WithHttpWorkers(QueueStats stats)
    {
        var http = workers.All.Where(w => w.IsOnline && w.Last.Transport == HttpWorkers.HttpWorkerHeartbeats.Transport).ToList();
        if (http.Count == 0)
            return stats;
        return stats with
        {
            Queues = stats.Queues.Select(q => q with { Consumers = q.Consumers + http.Count(w => w.Last.Queues.Contains(q.Name, StringComparer.Ordinal)) }).ToList(),
        };
    }

    /// <summary>The figures from the management API in use, else from the next one that answers; null when none does.</summary>
    private async Task<QueueStats?> ReadManagementAsync(CancellationToken cancellationToken)
    {
        for (var tried = 0; tried < _endpoints.Count; tried++)
        {
            var index = (_current + tried) % _endpoints.Count;
            if (await ReadManagementAsync(_endpoints[index].Endpoint, _endpoints[index].Pipeline, cancellationToken) is not { } stats)
                continue;
            if (index != _current && _endpoints.Count > 1)
                logger.LogInformation("Queue figures now come from {Api}", _endpoints[index].Endpoint.OperationName);
            _current = index;
            return stats;
        }
        return null;
    }

    private async Task<QueueStats?> ReadManagementAsync(ManagementEndpoint endpoint, ResiliencePipeline pipeline, CancellationToken cancellationToken)
    {
        try
        {
            var queues = await pipeline.RunAsync(endpoint.OperationName, async token =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.Queues);
                request.Headers.Authorization = endpoint.Authorization;
                using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, token);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadFromJsonAsync<List<ManagementQueue>>(ManagementJson, token) ?? [];
            }, cancellationToken);
            // A job queue is three broker queues, one per priority: its figures are theirs added up, its consumers the
            // normal queue's (every worker consumes each priority once).
            var snapshots = queues
                .Select(q => (Broker: q, Parsed: Topology.ParseJobQueueName(q.Name)))
                .Where(q => q.Parsed is { } parsed && catalog.Exists(parsed.Queue))
                .GroupBy(q => q.Parsed!.Value.Queue, StringComparer.Ordinal)
                .Select(g => new QueueSnapshot(g.Key, g.Sum(q => q.Broker.MessagesReady), g.Sum(q => q.Broker.MessagesUnacknowledged), g.Sum(q => q.Broker.Messages),
                    g.Where(q => q.Parsed!.Value.Priority == Shared.Contracts.JobPriority.Normal).Sum(q => q.Broker.Consumers),
                    g.Sum(q => q.Broker.MessageStats?.PublishDetails?.Rate ?? 0), g.Sum(q => q.Broker.MessageStats?.DeliverGetDetails?.Rate ?? 0),
                    g.Sum(q => q.Broker.MessageStats?.AckDetails?.Rate ?? 0)))
                .OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
            var at = time.GetUtcNow().UtcDateTime;
            return new QueueStats(snapshots, QueueStatsSource.Management, at, at);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout, a refused connection, an error answer, an open circuit or an unreadable body: AMQP it is.
            logger.LogDebug(ex, "{Api} did not give the queue figures", endpoint.OperationName);
            return null;
        }
    }

    private async Task<QueueStats> ReadPassiveAsync(CancellationToken cancellationToken)
    {
        var queues = new List<QueueSnapshot>();
        foreach (var name in catalog.Names)
        {
            // Not in the broker (not declared yet): nothing to show.
            if (await broker.ReadJobQueueAsync(name, cancellationToken) is { } read)
                queues.Add(new QueueSnapshot(name, read.Ready, null, null, read.Consumers, null, null, null));
        }
        return new QueueStats(queues, QueueStatsSource.Amqp, time.GetUtcNow().UtcDateTime);
    }
}
