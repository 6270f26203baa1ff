using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.WorkerKeys;

public static class WorkerKeyEndpoints
{
    /// <summary><c>/api/worker-keys</c>, for admins: list, create (the key is in the answer, once), revoke.</summary>
    public static IEndpointRouteBuilder MapWorkerKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/worker-keys").RequireAuthorization(Roles.Admin).WithTags("Workers");
        keys.MapGet("/", async (WorkerKeyStore store, CancellationToken cancellationToken) => TypedResults.Ok(await store.ListAsync(cancellationToken)));
        keys.MapPost("/", async Task<Results<Created<CreatedWorkerKey>, ValidationProblem, ProblemHttpResult>> (WorkerKeyStore store, HttpContext context) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<CreateWorkerKeyRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
            if (problem is not null)
                return problem;
            if (WorkerKeyStore.Validate(request!) is { } errors)
                return TypedResults.ValidationProblem(errors, title: "The worker key was not created.");
            var created = await store.CreateAsync(request!, context.Actor(), context.RequestAborted);
            return TypedResults.Created($"/api/worker-keys/{created.WorkerKey.Id}", created);
        }).ReadsJson<CreateWorkerKeyRequest>();
        keys.MapDelete("/{id:guid}", async Task<Results<Ok<WorkerKeyDto>, ProblemHttpResult>> (Guid id, WorkerKeyStore store, HttpContext context, CancellationToken cancellationToken) =>
            await store.RevokeAsync(id, context.Actor(), cancellationToken) is { } revoked
                ? TypedResults.Ok(revoked)
                : TypedResults.Problem("There is no such worker key.", statusCode: StatusCodes.Status404NotFound, title: "Worker key not found."));
        return app;
    }
}
