using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.WorkerKeys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.HttpWorkers;

public static class HttpWorkerEndpoints
{
    /// <summary>The calls of HTTP workers, with a worker key: fetch a job, report its progress, ack it.</summary>
    public static IEndpointRouteBuilder MapHttpWorkerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/queues/{name}/fetch", FetchAsync).RequireAuthorization(Roles.Worker).WithTags("HTTP workers")
            .ReadsJson<FetchRequest>();
        app.MapPost("/api/jobs/{id:guid}/ack", AckAsync).RequireAuthorization(Roles.Worker).WithTags("HTTP workers")
            .ReadsJson<AckRequest>();
        app.MapPost("/api/jobs/{id:guid}/progress", ProgressAsync).RequireAuthorization(Roles.Worker).WithTags("HTTP workers")
            .ReadsJson<ProgressRequest>();
        return app;
    }

    private static async Task<Results<Ok<FetchedJob>, NoContent, ValidationProblem, ProblemHttpResult>> FetchAsync(string name, HttpContext context,
        HttpWorkerService service, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<FetchRequest>(context.Request, JsonBody.CommandMaxBytes, cancellationToken);
        if (problem is not null)
            return problem;
        if (HttpWorkerService.Validate(request!) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The fetch was not understood.");
        var (job, refused) = await service.FetchAsync(name, request!, WorkerKeyAuthenticationHandler.KeyOf(context), cancellationToken);
        return refused is not null ? Problem(context, refused) : job is null ? TypedResults.NoContent() : TypedResults.Ok(job);
    }

    private static async Task<Results<Ok<AckedJob>, ValidationProblem, ProblemHttpResult>> AckAsync(Guid id, HttpContext context,
        HttpWorkerService service, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<AckRequest>(context.Request, JobEndpoints.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        if (HttpWorkerService.Validate(request!.WorkerId) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The ack was not understood.");
        var (acked, refused) = await service.AckAsync(id, request, WorkerKeyAuthenticationHandler.KeyOf(context), cancellationToken);
        return refused is not null ? Problem(context, refused) : TypedResults.Ok(acked!);
    }

    private static async Task<Results<Ok<LeaseRenewed>, ValidationProblem, ProblemHttpResult>> ProgressAsync(Guid id, HttpContext context,
        HttpWorkerService service, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<ProgressRequest>(context.Request, JobEndpoints.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        if (HttpWorkerService.Validate(request!) is { } errors)
            return TypedResults.ValidationProblem(errors, title: "The progress was not understood.");
        var (renewed, refused) = await service.ProgressAsync(id, request!, WorkerKeyAuthenticationHandler.KeyOf(context), cancellationToken);
        return refused is not null ? Problem(context, refused) : TypedResults.Ok(renewed!);
    }

    private static ProblemHttpResult Problem(HttpContext context, HttpWorkerProblem problem) =>
        problem.Status == StatusCodes.Status503ServiceUnavailable
            ? ProblemResponses.RetryLater(context, TimeSpan.FromSeconds(2), problem.Status, problem.Title, problem.Detail)
            : TypedResults.Problem(problem.Detail, statusCode: problem.Status, title: problem.Title);
}
