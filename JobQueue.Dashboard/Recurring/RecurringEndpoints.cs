using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// <c>/api/recurring</c>: a user's own recurring jobs (an admin's: everyone's). Another user's recurring job is 404, as
/// another user's job is.
/// </summary>
public static class RecurringEndpoints
{
    public static IEndpointRouteBuilder MapRecurringEndpoints(this IEndpointRouteBuilder app)
    {
        var recurring = app.MapGroup("/api/recurring").RequireAuthorization().WithTags("Recurring jobs");
        recurring.MapGet("/", async (HttpContext context, RecurringService service, CancellationToken ct) =>
            TypedResults.Ok(await service.ListAsync(JobViewer.From(context.User), ct)));
        recurring.MapPost("/", CreateAsync).ReadsJson<RecurringJobRequest>();
        // Ids are parsed here, not by a route constraint, so a malformed one gets a 400 that says so.
        recurring.MapGet("/{id}", async Task<Results<Ok<RecurringJobDto>, ProblemHttpResult>> (string id, HttpContext context, RecurringService service,
            CancellationToken ct) =>
        {
            if (!Guid.TryParse(id, out var recurringId))
                return MalformedId(id);
            return await service.FindAsync(recurringId, JobViewer.From(context.User), ct) is { } found ? TypedResults.Ok(found) : NotFound(recurringId);
        });
        recurring.MapPut("/{id}", UpdateAsync).ReadsJson<RecurringJobRequest>();
        recurring.MapPost("/{id}/pause", (string id, HttpContext context, RecurringService service, CancellationToken ct) =>
            ActAsync(id, recurringId => service.PauseAsync(recurringId, JobViewer.From(context.User), context.Actor(), ct)));
        recurring.MapPost("/{id}/resume", (string id, HttpContext context, RecurringService service, CancellationToken ct) =>
            ActAsync(id, recurringId => service.ResumeAsync(recurringId, JobViewer.From(context.User), context.Actor(), ct)));
        recurring.MapPost("/{id}/run", (string id, HttpContext context, RecurringService service, CancellationToken ct) =>
            ActAsync(id, recurringId => service.RunNowAsync(recurringId, JobViewer.From(context.User), context.Actor(), ct)));
        recurring.MapDelete("/{id}", (string id, HttpContext context, RecurringService service, CancellationToken ct) =>
            ActAsync(id, recurringId => service.DeleteAsync(recurringId, JobViewer.From(context.User), context.Actor(), ct)));
        return app;
    }

    private static async Task<Results<Created<RecurringJobDto>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext context, RecurringService service, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<RecurringJobRequest>(context.Request, JobEndpoints.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        return await service.CreateAsync(request!, JobViewer.From(context.User), cancellationToken) switch
        {
            RecurringOutcome.Done { RecurringJob: var created } => TypedResults.Created($"/api/recurring/{created.Id}", created),
            RecurringOutcome.Invalid { Errors: var errors } => TypedResults.ValidationProblem(errors, title: "The recurring job was not accepted."),
            _ => throw new InvalidOperationException("Unknown outcome."),
        };
    }

    private static async Task<Results<Ok<RecurringJobDto>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        string id, HttpContext context, RecurringService service, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var recurringId))
            return MalformedId(id);
        var (request, problem) = await JsonBody.ReadAsync<RecurringJobRequest>(context.Request, JobEndpoints.MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        return await service.UpdateAsync(recurringId, request!, JobViewer.From(context.User), context.Actor(), cancellationToken) switch
        {
            RecurringOutcome.Done { RecurringJob: var updated } => TypedResults.Ok(updated),
            RecurringOutcome.Invalid { Errors: var errors } => TypedResults.ValidationProblem(errors, title: "The recurring job was not changed."),
            _ => NotFound(recurringId),
        };
    }

    private static async Task<Results<Ok<RecurringJobDto>, Created<JobDto>, NoContent, ProblemHttpResult>> ActAsync(
        string id, Func<Guid, Task<RecurringOutcome>> act)
    {
        if (!Guid.TryParse(id, out var recurringId))
            return MalformedId(id);
        return await act(recurringId) switch
        {
            RecurringOutcome.Done { RecurringJob: var changed } => TypedResults.Ok(changed),
            RecurringOutcome.Ran { Job: var job } => TypedResults.Created($"/api/jobs/{job.Id}", JobDto.From(job)),
            RecurringOutcome.Deleted => TypedResults.NoContent(),
            _ => NotFound(recurringId),
        };
    }

    private static ProblemHttpResult MalformedId(string id) =>
        TypedResults.Problem($"'{(id.Length <= 80 ? id : id[..80] + "…")}' is not a recurring job id; ids are GUIDs.",
            statusCode: StatusCodes.Status400BadRequest, title: "Malformed recurring job id.");

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no recurring job {id} that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Recurring job not found.");
}
