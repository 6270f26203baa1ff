using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace JobQueue.ServiceDefaults.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The standard variable that, set, sends traces, metrics and logs over OTLP.</summary>
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// OpenTelemetry for a JobQueue process: metrics always (the <c>JobQueue.*</c> meters, the runtime's and
    /// HttpClient's), for Prometheus or OTLP to read; traces (the <c>JobQueue.*</c> sources, RabbitMQ.Client 7's
    /// publisher and subscriber, HttpClient) and logs only when they are exported, so a process that sends them
    /// nowhere does not pay for them. Each process adds its own instrumentation through
    /// <see cref="OpenTelemetryBuilder"/> (the dashboard: ASP.NET Core, EF Core, the Prometheus endpoint).
    /// </summary>
    public static OpenTelemetryBuilder AddJobQueueTelemetry(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<TelemetryOptions>().Bind(builder.Configuration.GetSection(TelemetryOptions.Section))
            .Validate(o => o.PrometheusPort is >= 0 and <= 65535, "Telemetry:PrometheusPort must be between 0 (off) and 65535.")
            .ValidateOnStart();
        var settings = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when set, names the process; otherwise its kind does.
                if (string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]))
                    resource.AddService(serviceName);
            })
            .WithMetrics(metrics => metrics
                .AddMeter("JobQueue.*")
                .AddMeter("System.Runtime")
                .AddHttpClientInstrumentation());

        if (settings.PrometheusPort > 0)
        {
            telemetry.WithMetrics(metrics => metrics.AddPrometheusHttpListener(o =>
            {
                o.Host = settings.PrometheusHost;
                o.Port = settings.PrometheusPort;
            }));
        }

        if (TracesExported(builder.Configuration))
        {
            telemetry
                .WithTracing(tracing => tracing
                    .AddSource("JobQueue.*")
                    .AddSource("RabbitMQ.Client.*")
                    .AddHttpClientInstrumentation())
                .WithLogging(configureBuilder: null, configureOptions: logging =>
                {
                    logging.IncludeFormattedMessage = true;
                    logging.IncludeScopes = true;
                })
                .UseOtlpExporter();
        }
        return telemetry;
    }

    /// <summary>Whether traces and logs go anywhere: an OTLP endpoint is configured.</summary>
    public static bool TracesExported(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
}
