using JobQueue.Shared.Messaging;

namespace JobQueue.Dashboard.Queues;

public static class QueuesExtensions
{
    public static IHostApplicationBuilder AddQueueStats(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueStatsOptions>().BindConfiguration(QueueStatsOptions.Section);
        builder.Services.AddHttpClient(QueueStatsPoller.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(3));
        builder.Services.AddSingleton<QueueStatsPoller>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueStatsPoller>());
        return builder;
    }

    /// <summary><c>GET /api/queues</c> (signed-in users): the latest figures of every JobQueue queue and where they came from.</summary>
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/queues", (QueueStatsPoller poller) => poller.Latest is { } stats
                ? Results.Ok(stats)
                : Results.Problem("The queues have not been read yet; RabbitMQ may be unreachable.", statusCode: StatusCodes.Status503ServiceUnavailable))
            .RequireAuthorization().WithTags("Queues");
        return app;
    }
}
