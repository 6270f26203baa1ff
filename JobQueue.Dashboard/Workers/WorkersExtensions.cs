using JobQueue.ServiceDefaults.Hosting;

namespace JobQueue.Dashboard.Workers;

public static class WorkersExtensions
{
    /// <summary>The workers as their heartbeats and log lines tell them, and the controls admins send them.</summary>
    public static IHostApplicationBuilder AddWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkerRegistry>();
        builder.Services.AddSingleton<WorkerControl>();
        builder.Services.AddSingleton<WorkerLogs>();
        // Created at start-up, so they hear the stream from its first event rather than from a page's first visit.
        builder.Services.AddSingleton<IHostedService>(sp => new StartWithHost(sp.GetRequiredService<WorkerRegistry>(), sp.GetRequiredService<WorkerLogs>()));
        return builder;
    }
}
