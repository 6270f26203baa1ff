using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Monitor;

public static class MonitorExtensions
{
    public static IHostApplicationBuilder AddMonitor(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MonitorMetrics>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MonitorMetrics>());
        builder.Services.AddSingleton<WallKeyStore>();
        return builder;
    }

    /// <summary>
    /// <c>GET /api/monitor</c> (signed-in users): what the monitor shows. <c>/api/wall-keys</c> (admins): create,
    /// list and revoke the keys that open the wall.
    /// </summary>
    public static IEndpointRouteBuilder MapMonitorEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/monitor", (MonitorMetrics metrics, HttpContext context) =>
                TypedResults.Ok(MonitorViewer.For(JobViewer.From(context.User)).Scope(metrics.Snapshot())))
            .RequireAuthorization().WithTags("Monitor");

        var keys = app.MapGroup("/api/wall-keys").RequireAuthorization(Roles.Admin).WithTags("Monitor");
        keys.MapGet("/", async (WallKeyStore store, CancellationToken cancellationToken) => TypedResults.Ok(await store.ListAsync(cancellationToken)));
        keys.MapPost("/", async Task<Results<Created<CreatedWallKey>, ValidationProblem, ProblemHttpResult>> (WallKeyStore store, HttpContext context) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<CreateWallKeyRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
            if (problem is not null)
                return problem;
            if (WallKeyStore.ValidateName(request!.Name) is { } error)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [error] });
            if (WallKeyStore.ValidateQueues(request.Queues) is { } queuesError)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["queues"] = [queuesError] });
            var created = await store.CreateAsync(request.Name!, request.ShowErrors ?? false, context.Actor(), context.RequestAborted, request.Queues);
            return TypedResults.Created($"/api/wall-keys/{created.WallKey.Id}", created);
        }).ReadsJson<CreateWallKeyRequest>();
        keys.MapDelete("/{id:guid}", async Task<Results<Ok<WallKeyDto>, ProblemHttpResult>> (Guid id, WallKeyStore store, HttpContext context, CancellationToken cancellationToken) =>
            await store.RevokeAsync(id, context.Actor(), cancellationToken) is { } revoked
                ? TypedResults.Ok(revoked)
                : TypedResults.Problem("There is no such wall key.", statusCode: StatusCodes.Status404NotFound, title: "Wall key not found."));
        return app;
    }
}
