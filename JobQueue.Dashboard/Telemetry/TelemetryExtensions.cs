using System.Security.Cryptography;
using System.Text;
using JobQueue.Dashboard.Identity;
using JobQueue.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace JobQueue.Dashboard.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>Who may read <c>/metrics</c>: admins (cookie or bearer token), or a scraper with <c>Telemetry:ScrapeKey</c>.</summary>
    public const string MetricsPolicy = "metrics";

    public const string MetricsPath = "/metrics";

    /// <summary>
    /// The dashboard's part of OpenTelemetry on top of <c>AddJobQueueDefaults</c>: its job figures
    /// (<see cref="DashboardTelemetry"/>), ASP.NET Core's and Kestrel's meters, the Prometheus exporter behind
    /// <c>/metrics</c>, and, when traces are exported, ASP.NET Core's and EF Core's spans.
    /// </summary>
    public static IHostApplicationBuilder AddDashboardTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardTelemetry>();
        builder.Services.AddScoped<CircuitHandler, CircuitCounter>();
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Http.Connections")
                .AddPrometheusExporter());
        if (ServiceDefaults.Telemetry.TelemetryExtensions.TracesExported(builder.Configuration))
        {
            builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(MetricsPath))
                .AddEntityFrameworkCoreInstrumentation());
        }
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(MetricsPolicy, policy => policy.RequireAssertion(context =>
                context.User.IsInRole(Roles.Admin) || (context.Resource is HttpContext http && HasScrapeKey(http))));
        return builder;
    }

    /// <summary><c>/metrics</c> in Prometheus's text format, for admins and for a scraper holding the scrape key.</summary>
    public static IEndpointRouteBuilder MapMetricsEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(MetricsPolicy);
        return app;
    }

    private static bool HasScrapeKey(HttpContext context)
    {
        var key = context.RequestServices.GetRequiredService<IOptionsMonitor<TelemetryOptions>>().CurrentValue.ScrapeKey;
        if (string.IsNullOrEmpty(key))
            return false;
        var header = context.Request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[Bearer.Length..].Trim()), Encoding.UTF8.GetBytes(key));
    }
}
