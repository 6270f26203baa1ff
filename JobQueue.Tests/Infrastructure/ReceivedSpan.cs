namespace JobQueue.Tests.Infrastructure;

/// <summary>A span as an <see cref="OtlpReceiver"/> received it.</summary>
/// <param name="Service">The <c>service.name</c> of the process that sent it.</param>
/// <param name="Scope">The ActivitySource that made it.</param>
public sealed record ReceivedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name,
    IReadOnlyDictionary<string, string> Attributes);
