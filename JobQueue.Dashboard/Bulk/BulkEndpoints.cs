using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.Bulk;

public static class BulkEndpoints
{
    /// <summary>What the bulk route does to jobs the caller may see; dead letters are deleted only through the admin's <c>DELETE /api/dead-letters</c>.</summary>
    public static readonly BulkAction[] Actions = [BulkAction.Cancel, BulkAction.Retry, BulkAction.Delete];

    /// <summary>
    /// <c>POST /api/jobs/bulk/count</c> (how many a bulk operation would take), <c>POST /api/jobs/bulk</c> (start one:
    /// 202 with it) and <c>GET /api/jobs/bulk/{id}</c> (its progress); and the admin's <c>POST /api/dead-letters/requeue-all</c>
    /// and <c>DELETE /api/dead-letters</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapBulkJobEndpoints(this IEndpointRouteBuilder app)
    {
        var bulk = app.MapGroup("/api/jobs/bulk").RequireAuthorization().WithTags("Jobs");
        bulk.MapPost("/count", CountAsync).ReadsJson<BulkJobsRequest>();
        bulk.MapPost("/", StartAsync).ReadsJson<BulkJobsRequest>();
        bulk.MapGet("/{id}", GetAsync);

        // The admin's bulk routes for dead letters, run as bulk operations (202 with it; GET /api/jobs/bulk/{id} follows
        // it): every job with a dead letter runs again, or every dead letter there was when it started is deleted, in
        // batches, however many there are.
        var letters = app.MapGroup("/api/dead-letters").RequireAuthorization(Roles.Admin).WithTags("Dead letters");
        letters.MapPost("/requeue-all", (BulkJobs bulk, HttpContext context) =>
            StartAdminAsync(bulk, context, BulkAction.Retry, new BulkFilter(DeadLettered: true)));
        letters.MapDelete("/", (BulkJobs bulk, HttpContext context) => StartAdminAsync(bulk, context, BulkAction.DeleteDeadLetters, new BulkFilter()));
        return app;
    }

    private static async Task<Accepted<BulkOperationDto>> StartAdminAsync(BulkJobs bulk, HttpContext context, BulkAction action, BulkFilter filter)
    {
        var operation = await bulk.StartAsync(filter, action, JobViewer.From(context.User), context.Actor(), context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/bulk/{operation.Id}", operation);
    }

    private static async Task<Results<Ok<BulkCount>, ValidationProblem, ProblemHttpResult>> CountAsync(HttpContext context, BulkJobs bulk)
    {
        var (read, problem, invalid) = await ReadAsync(context);
        if (problem is not null)
            return problem;
        if (invalid is not null)
            return invalid;
        var (action, filter, _) = read!.Value;
        return TypedResults.Ok(new BulkCount(action, filter, await bulk.CountAsync(filter, action, JobViewer.From(context.User), context.RequestAborted)));
    }

    private static async Task<Results<Accepted<BulkOperationDto>, ValidationProblem, ProblemHttpResult>> StartAsync(HttpContext context, BulkJobs bulk)
    {
        var (read, problem, invalid) = await ReadAsync(context);
        if (problem is not null)
            return problem;
        if (invalid is not null)
            return invalid;
        var (action, filter, expected) = read!.Value;
        var viewer = JobViewer.From(context.User);
        if (expected is { } confirmed && await bulk.CountAsync(filter, action, viewer, context.RequestAborted) is var count && count > confirmed)
            return TypedResults.Problem($"{count} jobs match now, more than the {confirmed} confirmed; count again and confirm that.",
                statusCode: StatusCodes.Status409Conflict, title: "More jobs match than were confirmed.");
        var operation = await bulk.StartAsync(filter, action, viewer, context.Actor(), context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/bulk/{operation.Id}", operation);
    }

    private static async Task<Results<Ok<BulkOperationDto>, ProblemHttpResult>> GetAsync(string id, HttpContext context, BulkJobs bulk) =>
        Guid.TryParse(id, out var operationId) && await bulk.FindAsync(operationId, JobViewer.From(context.User), context.RequestAborted) is { } operation
            ? TypedResults.Ok(operation)
            : TypedResults.Problem($"There is no bulk operation {id} that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Bulk operation not found.");

    private static async Task<((BulkAction Action, BulkFilter Filter, int? Expected)? Read, ProblemHttpResult? Problem, ValidationProblem? Invalid)>
        ReadAsync(HttpContext context)
    {
        var (request, problem) = await JsonBody.ReadAsync<BulkJobsRequest>(context.Request, JsonBody.CommandMaxBytes, context.RequestAborted);
        if (problem is not null)
            return (null, problem, null);
        var errors = new Dictionary<string, string[]>();
        BulkAction action = default;
        if (!EnumNames.TryParse(request!.Action, Actions, out action))
            errors["action"] = [$"The action is one of {EnumNames.Describe(Actions)}; '{request.Action}' is not one."];
        var given = request.Filter ?? new BulkFilterRequest(null, null, null, null, null, null);
        JobStatus? status = null;
        if (given.Status is { Length: > 0 } statusName)
        {
            if (EnumNames.TryParse<JobStatus>(statusName, out var parsed))
                status = parsed;
            else
                errors["filter.status"] = [$"Unknown status '{statusName}'; one of {string.Join(", ", Enum.GetNames<JobStatus>())}."];
        }
        if (given.CreatedFrom is { } from && given.CreatedTo is { } to && to <= from)
            errors["filter.createdTo"] = ["createdTo must be after createdFrom."];
        if (request.ExpectedCount is < 0)
            errors["expectedCount"] = ["expectedCount is the count you confirmed: 0 or more."];
        if (errors.Count > 0)
            return (null, null, TypedResults.ValidationProblem(errors, title: "The bulk operation was not started."));
        var filter = new BulkFilter(status, Blank(given.Type), Blank(given.Queue), Blank(given.Owner), given.CreatedFrom?.UtcDateTime, given.CreatedTo?.UtcDateTime);
        return ((action, filter, request.ExpectedCount), null, null);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
