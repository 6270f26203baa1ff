using System.Diagnostics;

namespace JobQueue.Worker.Consuming;

/// <summary>A job message delivered and not yet settled, with the batcher of the channel that delivered it.</summary>
/// <param name="Trace">The trace of the submit that sent it (its <c>traceparent</c> header), when traces are collected.</param>
public sealed record Delivery(AckBatcher Acks, ulong Tag, string ConsumerTag, bool Redelivered, byte[] Body, ActivityContext Trace = default);
