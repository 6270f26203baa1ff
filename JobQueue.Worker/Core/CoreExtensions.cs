using JobQueue.Shared.Messaging;

namespace JobQueue.Worker.Core;

public static class CoreExtensions
{
    /// <summary>
    /// What every other part of the worker reads: its options (<c>Worker:*</c>, checked at start), its identity and the
    /// jobs it runs now; and a host shutdown long enough for the drain (<c>Worker:DrainTimeout</c> plus 15 s).
    /// </summary>
    public static IHostApplicationBuilder AddWorkerCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.Section))
            .PostConfigure(o => o.Queues = o.Queues.Length == 0
                ? [Topology.DefaultQueue]
                : o.Queues.Distinct(StringComparer.Ordinal).ToArray())
            .ValidateDataAnnotations()
            .Validate(o => o.Queues.All(q => Topology.ValidateQueueName(q) is null),
                "Worker:Queues holds a name that is not a valid queue name.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.FromMilliseconds(100) && o.RetryMaxDelay >= o.RetryBaseDelay
                    && o.RetryMaxDelay <= TimeSpan.FromDays(1),
                "Worker:RetryBaseDelay must be at least 100 ms, and Worker:RetryMaxDelay between it and one day.")
            .Validate(o => o.LogPublishInterval >= TimeSpan.FromMilliseconds(100) && o.LogPublishInterval <= TimeSpan.FromMinutes(1),
                "Worker:LogPublishInterval must be between 100 ms and a minute.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WorkerIdentity>();
        builder.Services.AddSingleton<RunningJobs>();

        var drainTimeout = builder.Configuration.GetValue($"{WorkerOptions.Section}:{nameof(WorkerOptions.DrainTimeout)}",
            new WorkerOptions().DrainTimeout);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainTimeout + TimeSpan.FromSeconds(15));
        return builder;
    }
}
