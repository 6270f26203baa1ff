namespace JobQueue.Worker.Telemetry;

public static class TelemetryExtensions
{
    /// <summary>The worker's own instruments (<see cref="WorkerTelemetry"/>).</summary>
    public static IHostApplicationBuilder AddWorkerTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkerTelemetry>();
        return builder;
    }
}
