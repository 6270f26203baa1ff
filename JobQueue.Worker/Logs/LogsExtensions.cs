namespace JobQueue.Worker.Logs;

public static class LogsExtensions
{
    /// <summary>The worker's own log, kept in a ring (a logger provider) and sent to the dashboards once a second.</summary>
    public static IHostApplicationBuilder AddWorkerLogs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkerLogRing>();
        builder.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<WorkerLogRing>());
        builder.Services.AddHostedService<WorkerLogPublisher>();
        return builder;
    }
}
