using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.JobLogs;

public static class JobLogEndpoints
{
    /// <summary><c>GET /api/jobs/{id}/logs?after=&amp;take=</c>: the job's log, to its owner and to admins (404 to anyone else).</summary>
    public static IEndpointRouteBuilder MapJobLogEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/jobs/{id}/logs", ReadAsync).RequireAuthorization().WithTags("Jobs");
        return app;
    }

    private static async Task<Results<Ok<JobLogDto>, ValidationProblem, ProblemHttpResult>> ReadAsync(string id, string? after, string? take,
        HttpContext context, JobReader jobs, JobLogStore logs, IOptions<JobLogsOptions> options, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
            return JobEndpoints.MalformedId(id);
        var errors = new Dictionary<string, string[]>();
        var from = JobEndpoints.ParseNumber(after, "after", errors);
        var most = JobEndpoints.ParseNumber(take, "take", errors);
        var bound = options.Value.MaxLinesPerJob;
        if (most is < 1 || most > bound)
            errors["take"] = [$"take must be between 1 and {bound}."];
        if (from is < 0)
            errors["after"] = ["after is the id of a line (the answer's next), 0 or more."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        if (await jobs.FindAsync(jobId, JobViewer.From(context.User), cancellationToken) is not { } job)
            return JobEndpoints.NotFound(jobId);
        return TypedResults.Ok(await logs.ReadAsync(jobId, job.OwnerId, from, most ?? bound, cancellationToken));
    }
}
