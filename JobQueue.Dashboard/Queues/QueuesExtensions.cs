using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Queues;

public static class QueuesExtensions
{
    public static IHostApplicationBuilder AddQueueStats(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueStatsOptions>().BindConfiguration(QueueStatsOptions.Section);
        // The rabbitmq-management pipeline bounds each call; the client's own timeout would only race it.
        builder.Services.AddHttpClient(QueueStatsPoller.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<QueueStatsPoller>();
        builder.Services.AddSingleton<IQueueStats>(sp => sp.GetRequiredService<QueueStatsPoller>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueStatsPoller>());
        builder.Services.AddSingleton<QueueControl>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueControl>());
        return builder;
    }

    /// <summary>
    /// <c>GET /api/queues</c> (signed-in users): the latest figures of every JobQueue queue, where they came from, and
    /// the paused queues. <c>POST /api/queues/{name}/pause|resume|purge</c> (admins).
    /// </summary>
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/queues", (IQueueStats poller, QueueControl control) => poller.Latest is { } stats
                ? Results.Ok(new { stats.Queues, stats.Source, stats.At, Paused = control.Paused.Order(StringComparer.Ordinal).ToList() })
                : Results.Problem("The queues have not been read yet; RabbitMQ may be unreachable.", statusCode: StatusCodes.Status503ServiceUnavailable))
            .RequireAuthorization().WithTags("Queues");

        var admin = app.MapGroup("/api/queues/{name}").RequireAuthorization(Roles.Admin).WithTags("Queues");
        admin.MapPost("/pause", async (string name, QueueControl control, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await control.SetPausedAsync(name, paused: true, JobViewer.From(context.User).Name, cancellationToken)));
        admin.MapPost("/resume", async (string name, QueueControl control, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await control.SetPausedAsync(name, paused: false, JobViewer.From(context.User).Name, cancellationToken)));
        admin.MapPost("/purge", async (string name, QueueControl control, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await control.PurgeAsync(name, JobViewer.From(context.User).Name, cancellationToken)));
        return app;
    }

    private static Results<Ok<QueueChange.Done>, Ok<PurgeResult>, ValidationProblem, ProblemHttpResult> Answer(QueueChange change) => change switch
    {
        QueueChange.Done done => TypedResults.Ok(done),
        QueueChange.Purged { Result: var result } => TypedResults.Ok(result),
        QueueChange.Invalid { Error: var error } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [error] }),
        _ => TypedResults.Problem("There is no such queue in RabbitMQ.", statusCode: StatusCodes.Status404NotFound, title: "Queue not found."),
    };
}
