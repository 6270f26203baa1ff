using System.Text.Json;
using JobQueue.Dashboard.Identity;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

public static class JobEndpoints
{
    public const int MaxBodyBytes = 64 * 1024;
    private const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/jobs").RequireAuthorization().WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync);
        jobs.MapGet("/", ListAsync);
        jobs.MapGet("/{id:guid}", GetAsync);
        jobs.MapPost("/{id:guid}/cancel", CancelAsync);
        return app;
    }

    private static async Task<Results<Created<JobDto>, ValidationProblem, ProblemHttpResult>> SubmitAsync(
        HttpContext context, JobService jobs, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadBodyAsync<SubmitJobRequest>(context.Request, json.Value.SerializerOptions, cancellationToken);
        if (problem is not null)
            return problem;

        return await jobs.SubmitAsync(request!, JobViewer.From(context.User), cancellationToken) switch
        {
            SubmitOutcome.Accepted accepted => TypedResults.Created($"/api/jobs/{accepted.Job.Id}", JobDto.From(accepted.Job)),
            SubmitOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: "The job was not accepted."),
            SubmitOutcome.RateLimited limited => RetryLater(context, limited.RetryAfter, StatusCodes.Status429TooManyRequests,
                "Too many submits.", $"You are over the submit rate of this dashboard; try again in {Math.Ceiling(limited.RetryAfter.TotalSeconds)} s."),
            SubmitOutcome.Unavailable => RetryLater(context, TimeSpan.FromSeconds(5), StatusCodes.Status503ServiceUnavailable,
                "The job store is unavailable.", "The database cannot store jobs right now, so the job was not taken; nothing was stored or queued. Try again shortly."),
            _ => throw new InvalidOperationException("Unknown submit outcome."),
        };
    }

    private static async Task<Results<Ok<JobPage>, ValidationProblem>> ListAsync(
        HttpContext context, JobService jobs, string? status, string? type, string? queue, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        JobStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<JobStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
                statusFilter = parsed;
            else
                errors["status"] = [$"Unknown status '{status}'; one of {string.Join(", ", Enum.GetNames<JobStatus>())}."];
        }
        if (page is < 1)
            errors["page"] = ["page starts at 1."];
        if (pageSize is < 1 or > MaxPageSize)
            errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var filter = new JobFilter(statusFilter, type, queue, page ?? 1, pageSize ?? 50);
        var (items, total) = await jobs.ListAsync(filter, JobViewer.From(context.User), cancellationToken);
        return TypedResults.Ok(new JobPage(items.Select(job => JobDto.From(job)).ToList(), total));
    }

    private static async Task<Results<Ok<JobDto>, ProblemHttpResult>> GetAsync(
        Guid id, HttpContext context, JobService jobs, CancellationToken cancellationToken) =>
        await jobs.FindWithTimelineAsync(id, JobViewer.From(context.User), cancellationToken) is { } job
            ? TypedResults.Ok(JobDto.From(job, withTimeline: true))
            : NotFound(id);

    private static async Task<Results<Accepted<JobDto>, ProblemHttpResult>> CancelAsync(
        Guid id, HttpContext context, JobService jobs, CancellationToken cancellationToken)
    {
        var (outcome, job) = await jobs.CancelAsync(id, JobViewer.From(context.User), cancellationToken);
        return outcome switch
        {
            CancelOutcome.NotFound => NotFound(id),
            CancelOutcome.AlreadyFinished => TypedResults.Problem(
                $"Job {id} has already finished ({job!.Status}); only Queued and Running jobs can be cancelled.",
                statusCode: StatusCodes.Status409Conflict, title: "The job has already finished."),
            _ => TypedResults.Accepted($"/api/jobs/{id}", JobDto.From(job!)),
        };
    }

    private static ProblemHttpResult RetryLater(HttpContext context, TimeSpan retryAfter, int status, string title, string detail)
    {
        context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(detail, statusCode: status, title: title);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem($"There is no job {id} that you can see.", statusCode: StatusCodes.Status404NotFound, title: "Job not found.");

    /// <summary>Reads a JSON body of at most <see cref="MaxBodyBytes"/>, turning every way it can be wrong into a 400.</summary>
    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadBodyAsync<T>(
        HttpRequest request, JsonSerializerOptions options, CancellationToken cancellationToken) where T : class
    {
        if (request.ContentLength > MaxBodyBytes)
            return (null, BadRequest($"The request body is {request.ContentLength} bytes; at most {MaxBodyBytes} bytes (64 KiB) are accepted."));
        if (!request.HasJsonContentType())
            return (null, BadRequest("The request body must be JSON (Content-Type: application/json)."));

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return (null, BadRequest($"The request body is larger than {MaxBodyBytes} bytes (64 KiB)."));
            buffer.Write(chunk, 0, read);
        }
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), options);
            return value is null ? (null, BadRequest("The request body is empty or JSON null.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, BadRequest($"The request body is not valid JSON: {ex.Message}"));
        }
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request body was not accepted.");
}
