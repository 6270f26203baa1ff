using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using QueueAnswer = Microsoft.AspNetCore.Http.HttpResults.Results<
    Microsoft.AspNetCore.Http.HttpResults.Ok<JobQueue.Dashboard.Queues.QueueChange.Done>,
    Microsoft.AspNetCore.Http.HttpResults.Ok<JobQueue.Dashboard.Queues.PurgeResult>,
    Microsoft.AspNetCore.Http.HttpResults.Created<JobQueue.Dashboard.Queues.QueueDto>,
    Microsoft.AspNetCore.Http.HttpResults.ValidationProblem,
    Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>;

namespace JobQueue.Dashboard.Queues;

public static class QueuesExtensions
{
    public static IHostApplicationBuilder AddQueues(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<QueueStatsOptions>().BindConfiguration(QueueStatsOptions.Section);
        // The rabbitmq-management pipeline bounds each call; the client's own timeout would only race it.
        builder.Services.AddHttpClient(QueueStatsPoller.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<QueueCatalog>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueCatalog>());
        builder.Services.AddSingleton<IQueueDirectory>(sp => sp.GetRequiredService<QueueCatalog>());
        builder.Services.AddSingleton<QueueStatsPoller>();
        builder.Services.AddSingleton<IQueueStats>(sp => sp.GetRequiredService<QueueStatsPoller>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueStatsPoller>());
        builder.Services.AddSingleton<QueueControl>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<QueueControl>());
        builder.Services.AddSingleton<QueueAdministration>();
        return builder;
    }

    /// <summary>
    /// <c>GET /api/queues</c> (signed-in users): the latest figures of every queue, where they came from, and the paused
    /// queues. Admins: <c>POST /api/queues {"name"}</c>, <c>DELETE /api/queues/{name}?purge=</c>, and
    /// <c>POST /api/queues/{name}/pause|resume|purge</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapQueueEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/queues", (IQueueStats poller, QueueControl control) => poller.Latest is { } stats
                ? Results.Ok(new { stats.Queues, stats.Source, stats.At, Paused = control.Paused.Order(StringComparer.Ordinal).ToList() })
                : Results.Problem("The queues have not been read yet; RabbitMQ may be unreachable.", statusCode: StatusCodes.Status503ServiceUnavailable))
            .RequireAuthorization().WithTags("Queues");

        var queues = app.MapGroup("/api/queues").RequireAuthorization(Roles.Admin).WithTags("Queues");
        queues.MapPost("/", async Task<QueueAnswer> (HttpContext context, QueueAdministration admin) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<CreateQueueRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
            return problem is not null ? problem : Answer(await admin.CreateAsync(request!.Name, context.Actor(), context.RequestAborted));
        }).ReadsJson<CreateQueueRequest>();
        queues.MapDelete("/{name}", async (string name, string? purge, QueueAdministration admin, HttpContext context) =>
            purge is not (null or "true" or "false")
                ? Answer(new QueueChange.Invalid($"purge must be true or false, not '{purge}'."), "purge")
                : Answer(await admin.DeleteAsync(name, purge == "true", context.Actor(), context.RequestAborted)));
        queues.MapPost("/{name}/pause", async (string name, QueueControl control, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await control.SetPausedAsync(name, paused: true, context.Actor(), cancellationToken)));
        queues.MapPost("/{name}/resume", async (string name, QueueControl control, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await control.SetPausedAsync(name, paused: false, context.Actor(), cancellationToken)));
        queues.MapPost("/{name}/purge", async (string name, QueueControl control, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await control.PurgeAsync(name, context.Actor(), cancellationToken)));
        return app;
    }

    private static QueueAnswer Answer(QueueChange change, string field = "name") => change switch
    {
        QueueChange.Done done => TypedResults.Ok(done),
        QueueChange.Purged { Result: var result } => TypedResults.Ok(result),
        QueueChange.Deleted { Result: var result } => TypedResults.Ok(result),
        QueueChange.Created { Queue: var queue } => TypedResults.Created($"/api/queues/{queue.Name}", queue),
        QueueChange.Invalid { Error: var error } => TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [error] }),
        QueueChange.Conflict { Reason: var reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status409Conflict, title: "The queue cannot be changed so."),
        _ => TypedResults.Problem("There is no such queue; an admin creates queues on the Queues page or with POST /api/queues.",
            statusCode: StatusCodes.Status404NotFound, title: "Queue not found."),
    };
}
