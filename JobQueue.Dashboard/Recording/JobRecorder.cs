using System.Text.Json;
using System.Threading.Channels;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.JobLogs;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.Dashboard.Telemetry;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Dashboard.Recording;

/// <summary>
/// Persists the workers' job events from <c>jobqueue.recorder</c> (competing with other dashboards). Events are
/// applied as forward-only transitions in batches of one transaction each, and acked only after the commit. The job log
/// lines that ride the workers' batches are stored after the batch's events, before the same ack.
/// </summary>
public sealed class JobRecorder(
    RabbitMqConnection connection,
    IJobStore store,
    JobLogStore logs,
    BrokerGateway broker,
    IOptions<RecorderOptions> options,
    IOptions<RabbitMqOptions> rabbitOptions,
    ResiliencePipelineProvider<string> pipelines,
    DashboardTelemetry telemetry,
    ILogger<JobRecorder> logger,
    IServiceProvider services) : SupervisedBackgroundService(services)
{
    private readonly ResiliencePipeline _storeUntilDone = pipelines.GetPipeline(Pipelines.StoreUntilDone);
    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);

    private readonly record struct Delivery(ulong Tag, JobEventBatch Message);

    /// <summary>
    /// One channel and its deliveries per run: when a run fails (the broker went away while it set up), the next one
    /// starts afresh, and the deliveries of the old channel, never acked, are delivered again.
    /// </summary>
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleReader = true });
        await using var channel = await connection.OpenChannelAsync(null, stoppingToken);
        await Topology.DeclareRecorderQueueAsync(channel, rabbitOptions.Value.QueueType, stoppingToken);
        await channel.BasicQosAsync(0, (ushort)Math.Min(ushort.MaxValue, options.Value.BatchSize * 2), global: false, stoppingToken);

        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            deliveries.Writer.TryWrite(new Delivery(delivery.DeliveryTag, TryRead(delivery.RoutingKey, delivery.Body)));
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(Topology.RecorderQueue, autoAck: false, consumer, stoppingToken);

        var batch = new List<Delivery>(options.Value.BatchSize);
        while (await deliveries.Reader.WaitToReadAsync(stoppingToken))
        {
            FillBatch(deliveries.Reader, batch);
            if (batch.Count == 0)
                continue;
            await RecordUntilStoredAsync(batch, stoppingToken);
            await AckAsync(channel, batch[^1].Tag, stoppingToken);
            batch.Clear();
        }
    }

    /// <summary>
    /// Deliveries arrive and are batched in order on this one channel, so one multiple-ack covers the batch. If the
    /// broker went away meanwhile the ack fails; the client's recovery drops acks of deliveries from before it, and
    /// the broker delivers those events again, which the forward-only rules make harmless. The recorder goes on.
    /// </summary>
    private async Task AckAsync(IChannel channel, ulong lastTag, CancellationToken cancellationToken)
    {
        try
        {
            await channel.BasicAckAsync(lastTag, multiple: true, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not ack recorded events; the broker will deliver them again");
        }
    }

    private JobEventBatch TryRead(string routingKey, ReadOnlyMemory<byte> body)
    {
        try
        {
            return MessageEnvelope.DeserializeJobMessage(routingKey, body);
        }
        catch (JsonException ex)
        {
            logger.LogWarning(ex, "Dropping an unreadable job event ({RoutingKey})", routingKey);
            return new JobEventBatch([]);
        }
    }

    /// <summary>
    /// Takes what has arrived, up to about a batch of events: while one batch is being written the next one
    /// accumulates, so batches are large under load and a lone event is written at once.
    /// </summary>
    private void FillBatch(ChannelReader<Delivery> deliveries, List<Delivery> batch)
    {
        var events = 0;
        while (events < options.Value.BatchSize && deliveries.TryRead(out var delivery))
        {
            batch.Add(delivery);
            events += delivery.Message.Events.Count + (delivery.Message.Lines?.Count ?? 0);
        }
    }

    /// <summary>
    /// Writes the batch, trying again until the database takes it (<see cref="Pipelines.StoreUntilDone"/>): nothing is
    /// acked meanwhile, so nothing is lost. Then the cancels that must go out again go out, within the publish timeout;
    /// one that does not is logged, and the job ends when its worker reports it.
    /// </summary>
    private async Task RecordUntilStoredAsync(List<Delivery> batch, CancellationToken cancellationToken)
    {
        var events = batch.SelectMany(d => d.Message.Events).ToList();
        var lines = batch.SelectMany(d => d.Message.Lines ?? []).ToList();
        if (events.Count == 0 && lines.Count == 0)
            return;
        // Named for the log of each failed try: "Recording 12 job event(s) failed ...".
        var what = lines.Count == 0 ? $"Recording {events.Count} job event(s)" : $"Recording {lines.Count} job log line(s) and {events.Count} job event(s)";
        using var span = DashboardTelemetry.StartRecording(events.Count, lines.Count);
        var applied = await _storeUntilDone.RunAsync(what, async token =>
        {
            var stored = events.Count > 0 ? await RecordAsync(events, token) : null;
            await logs.AppendAsync(lines, token);
            return stored;
        }, cancellationToken);
        telemetry.Recorded(applied?.Accepted ?? [], events.Count, lines.Count);
        DashboardTelemetry.Traced(span, applied?.Accepted ?? []);
        var recancel = applied?.Recancel ?? [];
        if (recancel.Count == 0)
            return;
        try
        {
            await _publishTimeout.RunAsync($"Sending {recancel.Count} cancel(s) again",
                token => Task.WhenAll(recancel.Select(jobId => broker.PublishCancelAsync(jobId, token))), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not send the cancel again to the workers still running {Count} cancelled job(s)", recancel.Count);
        }
    }

    /// <returns>What changed, and the jobs a worker started although they were already cancelled: their cancel must be sent again.</returns>
    public async Task<AppliedEvents> RecordAsync(IReadOnlyList<JobEvent> events, CancellationToken cancellationToken)
    {
        var applied = await store.ApplyAsync(events, cancellationToken);
        if (applied.Unknown > 0)
            logger.LogDebug("Ignored {Count} event(s) for jobs this database does not have", applied.Unknown);
        return applied;
    }
}
