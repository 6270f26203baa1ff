using System.Collections;
using System.Text;
using System.Text.Json;
using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Registry;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Dashboard.DeadLetters;

/// <summary>
/// Moves each message on <c>jobqueue.dead</c> into the database, acking it only after the commit. A job that
/// dies again (requeued, failed again) updates its one row instead of adding another. A job the broker gave up on
/// (delivered more times than the <c>jobqueue-delivery-limit</c> policy allows, its worker crashing each time) is
/// marked Failed in the same transaction: no worker will ever report an outcome for it.
/// </summary>
public sealed class DeadLetterRecorder(RabbitMqConnection connection, IServiceScopeFactory scopes, LiveEvents live, BrokerGateway broker,
    TimeProvider time, ResiliencePipelineProvider<string> pipelines, JobDataProtector data, ILogger<DeadLetterRecorder> logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    /// <summary>The reason RabbitMQ gives in <c>x-death</c> when a quorum queue's delivery limit is exceeded.</summary>
    public const string DeliveryLimitReason = "delivery_limit";

    private readonly ResiliencePipeline _storeUntilDone = pipelines.GetPipeline(Pipelines.StoreUntilDone);
    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        // Opening the channel declares jobqueue.dead with the other exchanges.
        await using var channel = await connection.OpenChannelAsync(null, stoppingToken);
        await channel.BasicQosAsync(0, 50, global: false, stoppingToken);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var (letter, gaveUp) = Read(delivery.Body, delivery.BasicProperties);
            // The database may be away for a while: the message stays unacked, and nothing is lost, until it is back.
            var failed = await _storeUntilDone.RunAsync($"Storing the dead letter of {letter.JobId?.ToString() ?? "an unreadable message"}",
                token => StoreAsync(letter, gaveUp, token), stoppingToken);
            await AckAsync(channel, delivery.DeliveryTag, stoppingToken);
            if (failed is not null)
                await TellLiveViewsAsync(failed, stoppingToken);
        };
        await channel.BasicConsumeAsync(Topology.DeadQueue, autoAck: false, consumer, stoppingToken);
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }

    /// <returns>The dead letter, and whether the broker gave up on it after too many deliveries.</returns>
    private (DeadLetter Letter, bool GaveUp) Read(ReadOnlyMemory<byte> body, IReadOnlyBasicProperties properties)
    {
        var headers = properties.Headers;
        JobMessage? job = null;
        try
        {
            // Only a runnable job can be requeued; anything else that parses is poison all the same.
            var candidate = MessageEnvelope.Deserialize<JobMessage>(body);
            job = candidate.Problem() is null ? candidate : null;
        }
        catch (JsonException)
        {
            // Poison: kept as text, with the reason the worker gave.
        }
        var text = Encoding.UTF8.GetString(body.Span);
        var death = FirstDeath(headers);
        var brokerReason = Text(death, "reason");
        var gaveUp = brokerReason == DeliveryLimitReason && Text(headers, DeadLetterHeaders.Reason) is null;
        var letter = new DeadLetter
        {
            JobId = job?.JobId,
            OwnerId = job?.OwnerId,
            Type = job?.Type,
            Queue = Text(headers, DeadLetterHeaders.Queue) ?? job?.Queue ?? QueueOf(Text(death, "queue")),
            Reason = DeadLetterHeaders.Truncate(Text(headers, DeadLetterHeaders.Reason)
                ?? (gaveUp ? GaveUpReason(Number(headers, "x-delivery-count"))
                    : brokerReason is { } reason ? $"dead-lettered by RabbitMQ: {reason}" : "no reason given")),
            Attempts = Number(headers, DeadLetterHeaders.Attempts) ?? job?.Attempt ?? 0,
            WorkerId = Text(headers, DeadLetterHeaders.Worker),
            DeadAt = time.GetUtcNow().UtcDateTime,
            Body = text.Length <= DeadLetter.MaxBodyLength ? text : text[..DeadLetter.MaxBodyLength],
        };
        return (letter, gaveUp);
    }

    private static string GaveUpReason(int? deliveries) =>
        $"delivered {(deliveries is { } n ? $"{n} times" : "more times than the delivery limit allows")} and never finished: its worker stopped or crashed each time "
        + $"({DeliveryLimitReason}: RabbitMQ's delivery limit, the jobqueue-delivery-limit policy)";

    private async Task TellLiveViewsAsync(JobEvent failed, CancellationToken cancellationToken)
    {
        try
        {
            await _publishTimeout.RunAsync($"Telling live views job {failed.JobId} failed", token => broker.PublishNoticesAsync([failed], token), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not tell the live views that job {JobId} failed; pages show it on their next read", failed.JobId);
        }
    }

    /// <summary>
    /// Stored but not acked when the broker is away: it is delivered again after the client recovers, and an
    /// unreadable message may then be stored twice. Storing again is better than a message lost.
    /// </summary>
    private async Task AckAsync(IChannel channel, ulong deliveryTag, CancellationToken cancellationToken)
    {
        try
        {
            await channel.BasicAckAsync(deliveryTag, multiple: false, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not ack a stored dead letter; the broker will deliver it again");
        }
    }

    /// <returns>The event that failed the job, when the broker gave up on it and the job had not ended yet.</returns>
    private async Task<JobEvent?> StoreAsync(DeadLetter letter, bool gaveUp, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        JobEvent? failed = null;
        if (gaveUp && letter.JobId is { } stuck && await db.Jobs.FindAsync([stuck], cancellationToken) is { } job && !JobTransitions.IsTerminal(job.Status))
        {
            failed = new JobEvent(job.Id, JobEventKind.Failed, job.Attempt, job.OwnerId, time.GetUtcNow().UtcDateTime, job.WorkerId, job.Type,
                job.Queue, job.Progress, Error: letter.Reason, SubmittedAt: job.CreatedAt);
            job.Apply(failed with { Error = data.Seal(job.OwnerId, letter.Reason) });
        }
        // The reason (a worker's error) and the body (the job's payload) are job data: stored sealed for the owner.
        var stored = Sealed(letter);
        if (letter.JobId is { } jobId && await db.DeadLetters.FirstOrDefaultAsync(d => d.JobId == jobId, cancellationToken) is { } existing)
        {
            existing.OwnerId = stored.OwnerId;
            existing.Reason = stored.Reason;
            existing.Attempts = stored.Attempts;
            existing.WorkerId = stored.WorkerId;
            existing.DeadAt = stored.DeadAt;
            existing.Body = stored.Body;
        }
        else
        {
            db.DeadLetters.Add(stored);
        }
        await db.SaveChangesAsync(cancellationToken);
        live.Publish(new LiveEvent.DeadLettersChanged());
        // With encryption at rest the reason is job data kept sealed: the log says the fact, never the text.
        if (data.Enabled)
            logger.LogInformation("Dead letter stored: job {JobId} (its reason is sealed with the job's data)", letter.JobId?.ToString() ?? "(unreadable)");
        else
            logger.LogInformation("Dead letter stored: job {JobId}, {Reason}", letter.JobId?.ToString() ?? "(unreadable)", letter.Reason);
        return failed;
    }

    private DeadLetter Sealed(DeadLetter letter) => new()
    {
        JobId = letter.JobId,
        OwnerId = letter.OwnerId,
        Type = letter.Type,
        Queue = letter.Queue,
        Reason = data.Seal(letter.OwnerId ?? "", letter.Reason),
        Attempts = letter.Attempts,
        WorkerId = letter.WorkerId,
        DeadAt = letter.DeadAt,
        Body = data.Seal(letter.OwnerId ?? "", letter.Body),
    };

    private static string? QueueOf(string? brokerQueue) =>
        brokerQueue is not null && Topology.ParseJobQueueName(brokerQueue) is { } parsed ? parsed.Queue : brokerQueue;

    private static IDictionary<string, object?>? FirstDeath(IDictionary<string, object?>? headers) =>
        headers?.TryGetValue("x-death", out var deaths) == true && deaths is IList { Count: > 0 } list
            ? list[0] as IDictionary<string, object?>
            : null;

    private static string? Text(IDictionary<string, object?>? headers, string name) =>
        headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => value.ToString(),
            }
            : null;

    private static int? Number(IDictionary<string, object?>? headers, string name) =>
        headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                int i => i,
                long l => (int)l,
                byte b => b,
                short s => s,
                _ => null,
            }
            : null;
}
