namespace JobQueue.Worker.Heartbeat;

public static class HeartbeatExtensions
{
    /// <summary>The worker's heartbeats, and its <c>worker.stopped</c> as it stops.</summary>
    public static IHostApplicationBuilder AddHeartbeats(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<HeartbeatPublisher>();
        return builder;
    }
}
