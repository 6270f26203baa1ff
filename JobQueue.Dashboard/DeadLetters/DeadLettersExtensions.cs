using JobQueue.Dashboard.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobQueue.Dashboard.DeadLetters;

public static class DeadLettersExtensions
{
    public static IHostApplicationBuilder AddDeadLetters(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DeadLetterStore>();
        builder.Services.AddHostedService<DeadLetterRecorder>();
        builder.Services.AddHostedService<DeadLetterRetention>();
        return builder;
    }

    /// <summary><c>/api/dead-letters</c> (admins): list, requeue one, delete one (all of them: <c>Bulk/BulkEndpoints</c>).</summary>
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
}
