namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A system that exports its telemetry to an OTLP receiver in the test and lets a scrape key read <c>/metrics</c>, for
/// <c>TelemetryTests</c> (each of which uses a queue and a trace of its own).
/// </summary>
public sealed class TracedSystem : IAsyncLifetime
{
    public const string ScrapeKey = "test-scrape-key-0123456789";

    public OtlpReceiver Otlp { get; } = new();

    public JobQueueSystem System { get; }

    public TracedSystem()
    {
        var settings = new Dictionary<string, string>(Otlp.Environment) { ["Telemetry__ScrapeKey"] = ScrapeKey };
        System = new JobQueueSystem { DashboardSettings = settings };
    }

    public Task InitializeAsync() => System.InitializeAsync();

    /// <summary>The receiver outlives the processes that export to it.</summary>
    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        Otlp.Dispose();
    }
}
