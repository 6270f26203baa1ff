using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Messaging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client.Exceptions;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// Reads every JobQueue queue's figures each interval and pushes them into the live stream: from the management
/// API where the plugin answers, else from AMQP passive declares of the queues this instance knows of.
/// </summary>
public sealed class QueueStatsPoller(
    IHttpClientFactory httpClients,
    RabbitMqConnection connection,
    IOptions<RabbitMqOptions> rabbitOptions,
    IOptions<QueueStatsOptions> options,
    WorkerRegistry workers,
    JobPublisher jobs,
    LiveEvents live,
    TimeProvider time,
    ILogger<QueueStatsPoller> logger) : BackgroundService
{
    public const string HttpClientName = "rabbitmq-management";

    private QueueStatsSource? _lastSource;

    public QueueStats? Latest { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                var stats = await ReadManagementAsync(stoppingToken) ?? await ReadPassiveAsync(stoppingToken);
                if (stats.Source != _lastSource)
                    logger.LogInformation("Queue figures come from {Source}", stats.Source == QueueStatsSource.Management
                        ? "the RabbitMQ management API" : "AMQP passive declares (ready and consumers only; the management plugin does not answer)");
                _lastSource = stats.Source;
                Latest = stats;
                live.Publish(new LiveEvent.QueuesChanged(stats));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogDebug("Could not read the queues: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<QueueStats?> ReadManagementAsync(CancellationToken cancellationToken)
    {
        var (url, user, password) = ManagementEndpoint();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(url, "api/queues/%2F?columns=name,messages,messages_ready,messages_unacknowledged,consumers,message_stats"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return null;
            using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var queues = document.RootElement.EnumerateArray()
                .Where(q => q.GetProperty("name").GetString()!.StartsWith(Topology.JobQueuePrefix, StringComparison.Ordinal))
                .Select(q => new QueueSnapshot(
                    q.GetProperty("name").GetString()![Topology.JobQueuePrefix.Length..],
                    Long(q, "messages_ready"), Long(q, "messages_unacknowledged"), Long(q, "messages"), Long(q, "consumers"),
                    Rate(q, "publish_details"), Rate(q, "deliver_get_details"), Rate(q, "ack_details")))
                .OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
            return new QueueStats(queues, QueueStatsSource.Management, time.GetUtcNow().UtcDateTime);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<QueueStats> ReadPassiveAsync(CancellationToken cancellationToken)
    {
        var names = workers.All.SelectMany(w => w.Last.Queues).Concat(jobs.KnownQueues).Append(Topology.DefaultQueue)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var amqp = await connection.GetAsync(cancellationToken);
        var queues = new List<QueueSnapshot>();
        foreach (var name in names)
        {
            // A passive declare of a missing queue closes the channel, so each gets a channel of its own.
            await using var channel = await amqp.CreateChannelAsync(cancellationToken: cancellationToken);
            try
            {
                var ok = await channel.QueueDeclarePassiveAsync(Topology.JobQueueName(name), cancellationToken);
                queues.Add(new QueueSnapshot(name, ok.MessageCount, null, null, ok.ConsumerCount, null, null, null));
            }
            catch (OperationInterruptedException)
            {
                // Not declared yet: nothing to show.
            }
        }
        return new QueueStats(queues, QueueStatsSource.Amqp, time.GetUtcNow().UtcDateTime);
    }

    private (Uri Url, string User, string Password) ManagementEndpoint()
    {
        var amqp = new Uri(rabbitOptions.Value.Uri);
        var userInfo = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        var url = string.IsNullOrWhiteSpace(options.Value.ManagementUrl) ? $"http://{amqp.Host}:15672/" : options.Value.ManagementUrl;
        return (new Uri(url.EndsWith('/') ? url : url + "/"),
            options.Value.ManagementUser ?? (userInfo[0] is { Length: > 0 } u ? u : "guest"),
            options.Value.ManagementPassword ?? (userInfo.Length > 1 ? userInfo[1] : "guest"));
    }

    private static long Long(JsonElement queue, string name) =>
        queue.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static double? Rate(JsonElement queue, string name) =>
        queue.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(name, out var details)
            && details.TryGetProperty("rate", out var rate) ? rate.GetDouble() : 0;
}
