using JobQueue.Shared.Messaging;

namespace JobQueue.Worker.Events;

public static class EventsExtensions
{
    /// <summary>What the worker publishes about its jobs: their events (packed, confirmed), retries and dead letters.</summary>
    public static IHostApplicationBuilder AddJobEvents(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobEventPublisher>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<RetryPublisher>();
        return builder;
    }
}
