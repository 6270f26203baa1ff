using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// An OTLP/HTTP endpoint (protobuf) the processes under test export to: it keeps the spans of every
/// <c>/v1/traces</c> request, read field by field from the wire format of opentelemetry-proto (only the fields the tests
/// look at), and answers every request with an empty success.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        Endpoint = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); the exporter adds <c>/v1/traces</c> and the others.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    /// <summary>The environment that sends a process's telemetry here, exported every few hundred milliseconds.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                foreach (var span in ReadTraces(body.ToArray()))
                    _spans.Enqueue(span);
            }
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    /// <summary>ExportTraceServiceRequest: resource_spans = 1 { resource = 1 { attributes = 1 }, scope_spans = 2 { scope = 1 { name = 1 }, spans = 2 } }.</summary>
    private static IEnumerable<ReceivedSpan> ReadTraces(byte[] request)
    {
        foreach (var resourceSpans in Fields(request, 1))
        {
            var service = Fields(resourceSpans, 1).SelectMany(resource => Fields(resource, 1))
                .Select(Attribute).FirstOrDefault(a => a.Key == "service.name").Value;
            foreach (var scopeSpans in Fields(resourceSpans, 2))
            {
                var scope = Fields(scopeSpans, 1).SelectMany(s => Fields(s, 1)).Select(Text).FirstOrDefault() ?? "";
                foreach (var span in Fields(scopeSpans, 2))
                    yield return ReadSpan(service ?? "", scope, span);
            }
        }
    }

    /// <summary>Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, attributes = 9.</summary>
    private static ReceivedSpan ReadSpan(string service, string scope, byte[] span) => new(
        service,
        scope,
        Hex(Fields(span, 1).FirstOrDefault()),
        Hex(Fields(span, 2).FirstOrDefault()),
        Hex(Fields(span, 4).FirstOrDefault()),
        Text(Fields(span, 5).FirstOrDefault() ?? []),
        Fields(span, 9).Select(Attribute).Where(a => a.Value is not null).GroupBy(a => a.Key).ToDictionary(g => g.Key, g => g.First().Value!));

    /// <summary>KeyValue: key = 1, value = 2 (AnyValue: string_value = 1).</summary>
    private static KeyValuePair<string, string?> Attribute(byte[] keyValue) => new(
        Text(Fields(keyValue, 1).FirstOrDefault() ?? []),
        Fields(keyValue, 2).SelectMany(value => Fields(value, 1)).Select(Text).FirstOrDefault());

    /// <summary>The length-delimited fields numbered <paramref name="number"/> of one message; other fields are skipped.</summary>
    private static List<byte[]> Fields(byte[] message, int number)
    {
        var found = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == number && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }

    private static string Text(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static string Hex(byte[]? bytes) => bytes is null ? "" : Convert.ToHexStringLower(bytes);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
