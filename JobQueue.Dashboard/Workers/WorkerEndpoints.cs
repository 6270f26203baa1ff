using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Workers;

/// <summary>
/// <c>/api/workers</c> (admins): the workers, and the controls sent over <c>jobqueue.control</c>. A control answers
/// 202: the worker confirms it in its next heartbeat, which it sends at once.
/// </summary>
public static class WorkerEndpoints
{
    public static IEndpointRouteBuilder MapWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        var workers = app.MapGroup("/api/workers").RequireAuthorization(Roles.Admin).WithTags("Workers");
        workers.MapGet("/", (WorkerRegistry registry) => TypedResults.Ok(registry.All.Select(WorkerDto.From).ToList()));
        workers.MapGet("/{id}/logs", Results<Ok<WorkerLogDto>, ProblemHttpResult> (string id, WorkerRegistry registry, WorkerLogs logs) =>
            logs.Of(id) is { } lines
                ? TypedResults.Ok(new WorkerLogDto(id, lines))
                : registry.Find(id) is not null
                    ? TypedResults.Ok(new WorkerLogDto(id, []))
                    : TypedResults.Problem($"No worker {id} has sent a heartbeat or a log line to this dashboard.",
                        statusCode: StatusCodes.Status404NotFound, title: "Worker not found."));
        workers.MapPost("/{id}/pause", (string id, WorkerControl control, HttpContext context, CancellationToken ct) => SendAsync(control, id, ControlCommandKind.Pause, null, context.Actor(), ct));
        workers.MapPost("/{id}/resume", (string id, WorkerControl control, HttpContext context, CancellationToken ct) => SendAsync(control, id, ControlCommandKind.Resume, null, context.Actor(), ct));
        workers.MapPost("/{id}/drain", (string id, WorkerControl control, HttpContext context, CancellationToken ct) => SendAsync(control, id, ControlCommandKind.Drain, null, context.Actor(), ct));
        workers.MapPut("/{id}/concurrency", async Task<Results<Accepted<WorkerDto>, ProblemHttpResult, ValidationProblem>> (
            string id, WorkerControl control, HttpContext context) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<SetConcurrencyRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
            if (problem is not null)
                return problem;
            return request!.Concurrency is >= ControlCommand.MinConcurrency and <= ControlCommand.MaxConcurrency
                ? await SendAsync(control, id, ControlCommandKind.SetConcurrency, request.Concurrency, context.Actor(), context.RequestAborted)
                : TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["concurrency"] = [$"The concurrency must be a whole number from {ControlCommand.MinConcurrency} to {ControlCommand.MaxConcurrency}."],
                });
        }).ReadsJson<SetConcurrencyRequest>();
        return app;
    }

    private static async Task<Results<Accepted<WorkerDto>, ProblemHttpResult, ValidationProblem>> SendAsync(
        WorkerControl control, string id, ControlCommandKind kind, int? concurrency, Actor by, CancellationToken cancellationToken) =>
        await control.SendAsync(id, kind, concurrency, by, cancellationToken) is { } worker
            ? TypedResults.Accepted($"/api/workers/{id}", WorkerDto.From(worker))
            : TypedResults.Problem($"No running worker {id} has sent a heartbeat.", statusCode: StatusCodes.Status404NotFound, title: "Worker not found.");
}
