using System.Diagnostics;
using JobQueue.Bench.Measuring;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace JobQueue.Bench.Raw;

/// <summary>
/// The broker's ceiling on this machine, measured in the same run: job-sized persistent messages published with
/// confirms to a durable queue of the job queues' kind and consumed with manual acks. No database, no dashboard,
/// no worker. One message per job is the least the job path can cost, so end to end divided by this is the share
/// of the broker's ceiling the system reaches.
/// </summary>
public static class BrokerCeilingBenchmark
{
    private const int PublishBatch = 500;
    private const int AckEvery = 100;

    public static async Task<double> RunAsync(string rabbitMqUri, int messages, CancellationToken cancellationToken)
    {
        Report.Section($"Broker ceiling (raw): {messages} persistent messages, confirmed in batches of {PublishBatch}, acked every {AckEvery}");
        var factory = new ConnectionFactory { Uri = new Uri(rabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync(cancellationToken);
        var queue = $"jobqueue.bench.raw.{Guid.NewGuid():N}";
        await using var setup = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken);
        try
        {
            var body = MessageEnvelope.Serialize(new JobMessage(Guid.CreateVersion7(), "reverse_string", "default",
                System.Text.Json.JsonDocument.Parse("""{"text":"bench job 12345"}""").RootElement, 1, Guid.NewGuid().ToString(), DateTime.UtcNow));

            await using var consuming = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await consuming.BasicQosAsync(0, 1000, global: false, cancellationToken);
            var received = 0;
            var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var consumer = new AsyncEventingBasicConsumer(consuming);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                var count = ++received;
                if (count % AckEvery == 0 || count == messages)
                    await consuming.BasicAckAsync(delivery.DeliveryTag, multiple: true);
                if (count == messages)
                    allReceived.TrySetResult();
            };
            await consuming.BasicConsumeAsync(queue, autoAck: false, consumer, cancellationToken);

            await using var publishing = await connection.CreateChannelAsync(new CreateChannelOptions(
                publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
                // Twice the batch, or the client holds publishes back once half the limit is outstanding (PLATFORM.md).
                outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(PublishBatch * 2)), cancellationToken);
            var watch = Stopwatch.StartNew();
            for (var sent = 0; sent < messages; sent += PublishBatch)
            {
                var batch = Enumerable.Range(0, Math.Min(PublishBatch, messages - sent)).Select(_ =>
                    publishing.BasicPublishAsync("", queue, mandatory: false,
                        new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = MessageEnvelope.JsonContentType }, body,
                        cancellationToken).AsTask());
                await Task.WhenAll(batch);
            }
            var published = watch.Elapsed;
            await allReceived.Task.WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
            var elapsed = watch.Elapsed;
            var rate = messages / elapsed.TotalSeconds;
            Report.Line("published and confirmed", $"{messages / published.TotalSeconds:0} msg/s");
            Report.Line("published, confirmed, consumed, acked", $"{rate:0} msg/s ({body.Length}-byte messages)");
            return rate;
        }
        finally
        {
            await setup.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        }
    }
}
