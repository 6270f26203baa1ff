namespace JobQueue.Worker.Consuming;

public static class ConsumingExtensions
{
    /// <summary>Taking jobs from the queues of <c>Worker:Queues</c> and running them (<see cref="JobConsumer"/>).</summary>
    public static IHostApplicationBuilder AddJobConsuming(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QueueConsumers>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHostedService<JobConsumer>();
        return builder;
    }
}
