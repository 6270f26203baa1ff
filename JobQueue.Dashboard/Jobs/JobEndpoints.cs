using System.Text.Json;
using JobQueue.Dashboard.Api;
using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

public static class JobEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxBatchBodyBytes = 8 * 1024 * 1024;
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).ReadsJson<SubmitJobRequest>();
        jobs.MapPost("/batch", SubmitBatchAsync).ReadsJson<SubmitJobsRequest>();
        jobs.MapGet("/", ListAsync);
        jobs.MapGet("/counts", CountsAsync);
        // Ids are parsed here, not by a route constraint, so a malformed one gets a 400 that says so, not a bare 404.
        jobs.MapGet("/{id}", GetAsync);
        jobs.MapPost("/{id}/cancel", CancelAsync);
        return app;
    }

    private static async Task<Results<Created<JobDto>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext context, JobService jobs, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<SubmitJobRequest>(context.Request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        var (idempotency, keyProblem) = Idempotency(context, "POST /api/jobs", request!, json.Value.SerializerOptions,
            submitted => JobDto.From(submitted[0]));
        if (keyProblem is not null)
            return keyProblem;

        return await jobs.SubmitAsync(request!, JobViewer.From(context.User), cancellationToken, idempotency) switch
        {
            SubmitOutcome.Accepted accepted => TypedResults.Created($"/api/jobs/{accepted.Job.Id}", JobDto.From(accepted.Job)),
            SubmitOutcome.Replayed replayed => Replay(context, replayed),
            var refused => Refused<JobDto>(context, refused, "The job was not accepted."),
        };
    }

    /// <summary><c>POST /api/jobs/batch</c> with <c>{"jobs": [...]}</c>: up to 1,000 jobs, all accepted or none.</summary>
    private static async Task<Results<Created<SubmittedJobs>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> SubmitBatchAsync(
        HttpContext context, JobService jobs, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<SubmitJobsRequest>(context.Request, MaxBatchBodyBytes, cancellationToken);
        if (problem is not null)
            return problem;
        if (request!.Jobs is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["jobs"] = ["The body needs a \"jobs\" array."] },
                title: "The jobs were not accepted.");
        var (idempotency, keyProblem) = Idempotency(context, "POST /api/jobs/batch", request, json.Value.SerializerOptions,
            submitted => new SubmittedJobs(submitted.Select(job => JobDto.From(job)).ToList()));
        if (keyProblem is not null)
            return keyProblem;

        return await jobs.SubmitManyAsync(request.Jobs, JobViewer.From(context.User), cancellationToken, idempotency) switch
        {
            SubmitOutcome.Accepted accepted => TypedResults.Created((string?)null, new SubmittedJobs(accepted.Jobs.Select(job => JobDto.From(job)).ToList())),
            SubmitOutcome.Replayed replayed => Replay(context, replayed),
            var refused => Refused<SubmittedJobs>(context, refused, "The jobs were not accepted; none was stored."),
        };
    }

    /// <summary>
    /// The <c>Idempotency-Key</c> of a submit, if it has one: a script that lost the answer to a submit sends it again
    /// with the same key and gets the first answer, not a second job.
    /// </summary>
    private static (IdempotentSubmit? Value, ProblemHttpResult? Problem) Idempotency<TRequest, TAnswer>(HttpContext context, string endpoint,
        TRequest request, JsonSerializerOptions options, Func<IReadOnlyList<Job>, TAnswer> answer)
    {
        if (!context.Request.Headers.TryGetValue(IdempotentSubmit.Header, out var values))
            return (null, null);
        var key = values.ToString();
        var error = values.Count != 1 ? $"Send one {IdempotentSubmit.Header} header, not {values.Count}." : IdempotentSubmit.Validate(key);
        if (error is not null)
            return (null, TypedResults.Problem(error, statusCode: StatusCodes.Status400BadRequest, title: "The Idempotency-Key was not accepted."));
        return (new IdempotentSubmit(key, IdempotentSubmit.Hash(endpoint, request, options), jobs => JsonSerializer.Serialize(answer(jobs), options)), null);
    }

    private static ContentHttpResult Replay(HttpContext context, SubmitOutcome.Replayed replayed)
    {
        context.Response.Headers["Idempotent-Replayed"] = "true";
        return TypedResults.Content(replayed.Body, "application/json", System.Text.Encoding.UTF8, replayed.StatusCode);
    }

    private static Results<Created<T>, ContentHttpResult, ValidationProblem, ProblemHttpResult> Refused<T>(HttpContext context, SubmitOutcome outcome, string invalidTitle) =>
        outcome switch
        {
            SubmitOutcome.KeyReused => TypedResults.Problem(
                $"This {IdempotentSubmit.Header} was used with another request; use a new key for a new request.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "The Idempotency-Key belongs to another request."),
            SubmitOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalidTitle),
            SubmitOutcome.UniqueKeyTaken taken => TypedResults.Problem(
                $"Your job {taken.JobId} has the unique key '{taken.Key}' and is {taken.Status}; submit again once it has finished.",
                statusCode: StatusCodes.Status409Conflict, title: "A job with this unique key has not finished.",
                extensions: new Dictionary<string, object?> { ["jobId"] = taken.JobId, ["uniqueKey"] = taken.Key, ["status"] = taken.Status.ToString() }),
            SubmitOutcome.RateLimited limited => ProblemResponses.RetryLater(context, limited.RetryAfter, StatusCodes.Status429TooManyRequests,
                "Too many submits.", $"You are over the submit rate of this dashboard; try again in {ProblemResponses.RetryAfterSeconds(limited.RetryAfter)} s."),
            SubmitOutcome.Unavailable => ProblemResponses.RetryLater(context, TimeSpan.FromSeconds(5), StatusCodes.Status503ServiceUnavailable,
                "The job store is unavailable.", "The database cannot store jobs right now, so the job was not taken; nothing was stored or queued. Try again shortly."),
            _ => throw new InvalidOperationException("Unknown submit outcome."),
        };

    private static async Task<Results<Ok<JobPage>, ValidationProblem>> ListAsync(
        HttpContext context, JobReader jobs, string? status, string? type, string? queue, string? page, string? pageSize,
        string? total, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var pageNumber = ParseNumber(page, "page", errors);
        var size = ParseNumber(pageSize, "pageSize", errors);
        JobStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (EnumNames.TryParse<JobStatus>(status, out var parsed))
                statusFilter = parsed;
            else
                errors["status"] = [$"Unknown status '{status}'; one of {string.Join(", ", Enum.GetNames<JobStatus>())}."];
        }
        if (pageNumber is < 1)
            errors["page"] = ["page starts at 1."];
        if (size is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        if (total is not (null or "exact"))
            errors["total"] = ["total is 'exact' (count every matching job) or left out (count up to 10000)."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var filter = new JobFilter(statusFilter, type, queue, pageNumber ?? 1, size ?? 50, ExactTotal: total == "exact");
        var listing = await jobs.ListAsync(filter, JobViewer.From(context.User), cancellationToken);
        return TypedResults.Ok(new JobPage(listing.Items.Select(job => JobDto.From(job)).ToList(), listing.Total, listing.TotalIsLowerBound));
    }

    /// <summary><c>GET /api/jobs/counts</c>: how many of the caller's jobs (an admin's: everyone's) are in each status.</summary>
    private static async Task<Ok<JobCounts>> CountsAsync(HttpContext context, JobReader jobs, CancellationToken cancellationToken) =>
        TypedResults.Ok(await jobs.CountByStatusAsync(JobViewer.From(context.User), cancellationToken));

    /// <summary>Query numbers are read here so that "abc" or "1e99" gets a message naming the parameter, not a bare 400.</summary>
    internal static int? ParseNumber(string? text, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
            return null;
        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
            return value;
        errors[name] = [$"{name} must be a whole number, not '{Truncated(text)}'."];
        return null;
    }

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, JobReader jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
            return MalformedId(id);
        return await jobs.FindWithTimelineAsync(jobId, JobViewer.From(context.User), cancellationToken) is { } job
            ? TypedResults.Ok(JobDto.From(job, withTimeline: true))
            : NotFound(jobId);
    }

    private static async Task<Results<Accepted<JobDto>, ProblemHttpResult>> CancelAsync(
        string id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var jobId))
            return MalformedId(id);
        var (outcome, job) = await jobs.CancelAsync(jobId, JobViewer.From(context.User), context.Actor(), cancellationToken);
        return outcome switch
        {
            CancelOutcome.NotFound => NotFound(jobId),
            CancelOutcome.AlreadyFinished => TypedResults.Problem(
                $"Job {jobId} has already finished ({job!.Status}); only Queued and Running jobs can be cancelled.",
                statusCode: StatusCodes.Status409Conflict, title: "The job has already finished."),
            _ => TypedResults.Accepted($"/api/jobs/{jobId}", JobDto.From(job!)),
        };
    }

    internal static ProblemHttpResult MalformedId(string id) =>
        TypedResults.Problem($"'{Truncated(id)}' is not a job id; job ids are GUIDs such as 0197a2c4-5b1e-7c3d-9f00-1a2b3c4d5e6f.",
            statusCode: StatusCodes.Status400BadRequest, title: "Malformed job id.");

    private static string Truncated(string text) => text.Length <= 80 ? text : text[..80] + "…";

    internal static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no job {id} that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Job not found.");
}
