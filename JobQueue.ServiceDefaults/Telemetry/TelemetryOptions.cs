namespace JobQueue.ServiceDefaults.Telemetry;

/// <summary>The <c>Telemetry</c> section. Where telemetry goes beyond it is OpenTelemetry's own environment (<c>OTEL_*</c>).</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// The port of a Prometheus scrape listener of this process's own, answering at <c>/metrics</c>; 0, the default, for
    /// none. Meant for workers: the dashboard serves <c>/metrics</c> itself.
    /// </summary>
    public int PrometheusPort { get; set; }

    /// <summary>The host name that listener answers to: <c>localhost</c>, or <c>*</c> for every address (in a container).</summary>
    public string PrometheusHost { get; set; } = "localhost";

    /// <summary>A key a Prometheus scraper sends as <c>Authorization: Bearer &lt;key&gt;</c> for the dashboard's <c>/metrics</c>; empty: admins only.</summary>
    public string? ScrapeKey { get; set; }
}
