using JobQueue.ServiceDefaults.Resilience;
using JobQueue.ServiceDefaults.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;

namespace JobQueue.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// What every JobQueue process has: the resilience pipelines, the system clock and OpenTelemetry
    /// (<see cref="TelemetryExtensions.AddJobQueueTelemetry"/>), which the process may go on configuring.
    /// </summary>
    public static OpenTelemetryBuilder AddJobQueueDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddJobQueueResilience();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder.AddJobQueueTelemetry(serviceName);
    }
}
