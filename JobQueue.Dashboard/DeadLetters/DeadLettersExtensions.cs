using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs.Bulk;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.DeadLetters;

public static class DeadLettersExtensions
{
    public static IHostApplicationBuilder AddDeadLetters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadLetterStore>();
        builder.Services.AddHostedService<DeadLetterRecorder>();
        return builder;
    }

    /// <summary><c>/api/dead-letters</c> (admins): list, requeue one or all, delete one or all.</summary>
    public static IEndpointRouteBuilder MapDeadLetterEndpoints(this IEndpointRouteBuilder app)
    {
        var letters = app.MapGroup("/api/dead-letters").RequireAuthorization(Roles.Admin).WithTags("Dead letters");
        letters.MapGet("/", async (DeadLetterStore store, CancellationToken cancellationToken) =>
        {
            var (items, total) = await store.ListAsync(cancellationToken);
            return TypedResults.Ok(new { items, total });
        });
        letters.MapPost("/{id:long}/requeue", async (long id, DeadLetterStore store, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await store.RequeueAsync(id, context.Actor(), cancellationToken)));
        // Both run as bulk operations (202 with it; GET /api/jobs/bulk/{id} follows it): every job with a dead letter runs
        // again, or every dead letter there was when it started is deleted, in batches, however many there are.
        letters.MapPost("/requeue-all", (BulkJobs bulk, HttpContext context) =>
            StartAsync(bulk, context, BulkAction.Retry, new BulkFilter(DeadLettered: true)));
        letters.MapDelete("/", (BulkJobs bulk, HttpContext context) => StartAsync(bulk, context, BulkAction.DeleteDeadLetters, new BulkFilter()));
        letters.MapDelete("/{id:long}", async (long id, DeadLetterStore store, HttpContext context, CancellationToken cancellationToken) =>
            Answer(await store.DeleteAsync(id, context.Actor(), cancellationToken)));
        return app;
    }

    private static Results<Ok<DeadLetterChange.Requeued>, NoContent, ProblemHttpResult> Answer(DeadLetterChange change) => change switch
    {
        DeadLetterChange.Requeued requeued => TypedResults.Ok(requeued),
        DeadLetterChange.Deleted => TypedResults.NoContent(),
        DeadLetterChange.Refused { Reason: var reason } => TypedResults.Problem(reason, statusCode: StatusCodes.Status409Conflict, title: "Cannot requeue."),
        _ => TypedResults.Problem("There is no such dead letter.", statusCode: StatusCodes.Status404NotFound, title: "Dead letter not found."),
    };

    private static async Task<Accepted<BulkOperationDto>> StartAsync(BulkJobs bulk, HttpContext context, BulkAction action, BulkFilter filter)
    {
        var operation = await bulk.StartAsync(filter, action, JobViewer.From(context.User), context.Actor(), context.RequestAborted);
        return TypedResults.Accepted($"/api/jobs/bulk/{operation.Id}", operation);
    }
}
