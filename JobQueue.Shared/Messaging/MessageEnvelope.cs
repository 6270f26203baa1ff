using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using JobQueue.Shared.Contracts;
using RabbitMQ.Client;

namespace JobQueue.Shared.Messaging;

/// <summary>How every JobQueue message is put on and read off the wire: JSON plus the AMQP properties of DESIGN.md.</summary>
public static class MessageEnvelope
{
    public const string JsonContentType = "application/json";

    public static byte[] Serialize<T>(T message) => JsonSerializer.SerializeToUtf8Bytes(message, TypeInfo<T>());

    public static T Deserialize<T>(ReadOnlyMemory<byte> body) =>
        JsonSerializer.Deserialize(body.Span, TypeInfo<T>())
        ?? throw new JsonException($"The message body is JSON null, not a {typeof(T).Name}.");

    /// <summary>The job events of a <c>job.*</c> or <c>dashboard.job.*</c> message: one, or a <see cref="JobEventBatch"/>'s.</summary>
    public static IReadOnlyList<JobEvent> DeserializeJobEvents(string routingKey, ReadOnlyMemory<byte> body) =>
        DeserializeJobMessage(routingKey, body).Events;

    /// <summary>A <c>job.*</c> or <c>dashboard.job.*</c> message as a batch: its events, and the job log lines a worker's batch carries.</summary>
    public static JobEventBatch DeserializeJobMessage(string routingKey, ReadOnlyMemory<byte> body)
    {
        if (!routingKey.EndsWith("." + JobEventBatch.KindName, StringComparison.Ordinal))
            return new JobEventBatch([Deserialize<JobEvent>(body)]);
        var batch = Deserialize<JobEventBatch>(body);
        return batch.Events is null ? throw new JsonException("The batch has no events.") : batch;
    }

    public static BasicProperties Properties(string type, bool persistent, string? messageId = null)
    {
        var properties = new BasicProperties
        {
            MessageId = messageId ?? Guid.NewGuid().ToString("N"),
            Type = type,
            ContentType = JsonContentType,
            DeliveryMode = persistent ? DeliveryModes.Persistent : DeliveryModes.Transient,
            Timestamp = new AmqpTimestamp(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        };
        if (Activity.Current is { } activity)
        {
            properties.Headers = new Dictionary<string, object?> { ["traceparent"] = activity.Id };
            if (activity.TraceStateString is { Length: > 0 } traceState)
                properties.Headers["tracestate"] = traceState;
        }
        return properties;
    }

    private static JsonTypeInfo<T> TypeInfo<T>() =>
        (JsonTypeInfo<T>)(JobQueueJsonContext.Default.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in {nameof(JobQueueJsonContext)}."));
}
