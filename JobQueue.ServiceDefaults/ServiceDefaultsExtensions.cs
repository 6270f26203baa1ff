using JobQueue.ServiceDefaults.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace JobQueue.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>What every JobQueue process has: the resilience pipelines and the system clock.</summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJobQueueResilience();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
