using JobQueue.Shared.Messaging;
using JobQueue.Worker.Advertising;
using JobQueue.Worker.Control;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Heartbeat;
using JobQueue.Worker.Logs;
using JobQueue.Worker.Running;
using JobQueue.Worker.Telemetry;

namespace JobQueue.Worker.Consuming;

public static class ConsumingExtensions
{
    public static IHostApplicationBuilder AddJobConsuming(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WorkerOptions>()
            .Bind(builder.Configuration.GetSection(WorkerOptions.Section))
            .PostConfigure(o => o.Queues = o.Queues.Length == 0
                ? [JobQueue.Shared.Messaging.Topology.DefaultQueue]
                : o.Queues.Distinct(StringComparer.Ordinal).ToArray())
            .ValidateDataAnnotations()
            .Validate(o => o.Queues.All(q => JobQueue.Shared.Messaging.Topology.ValidateQueueName(q) is null),
                "Worker:Queues holds a name that is not a valid queue name.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.FromMilliseconds(100) && o.RetryMaxDelay >= o.RetryBaseDelay
                    && o.RetryMaxDelay <= TimeSpan.FromDays(1),
                "Worker:RetryBaseDelay must be at least 100 ms, and Worker:RetryMaxDelay between it and one day.")
            .Validate(o => o.LogPublishInterval >= TimeSpan.FromMilliseconds(100) && o.LogPublishInterval <= TimeSpan.FromMinutes(1),
                "Worker:LogPublishInterval must be between 100 ms and a minute.")
            .ValidateOnStart();
        builder.Services.AddSingleton<JobHandlerRegistry>();
        builder.Services.AddSingleton<WorkerIdentity>();
        builder.Services.AddSingleton<RunningJobs>();
        builder.Services.AddSingleton<QueueConsumers>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddSingleton<WorkerTelemetry>();
        builder.Services.AddSingleton<JobEventPublisher>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<RetryPublisher>();
        builder.Services.AddSingleton<WorkerCommands>();
        builder.Services.AddSingleton<WorkerLogRing>();
        builder.Services.AddSingleton<ILoggerProvider>(sp => sp.GetRequiredService<WorkerLogRing>());

        // Hosted services stop in reverse order: the consumer drains first, while control (cancels) and
        // heartbeats still work, and the heartbeat announces worker.stopped last.
        builder.Services.AddSingleton<ControlListener>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ControlListener>());
        builder.Services.AddHostedService<WorkerLogPublisher>();
        builder.Services.AddSingleton<JobTypeAdvertiser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobTypeAdvertiser>());
        builder.Services.AddHostedService<HeartbeatPublisher>();
        builder.Services.AddHostedService<JobConsumer>();

        var drainTimeout = builder.Configuration.GetValue($"{WorkerOptions.Section}:{nameof(WorkerOptions.DrainTimeout)}",
            new WorkerOptions().DrainTimeout);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = drainTimeout + TimeSpan.FromSeconds(15));
        return builder;
    }
}
