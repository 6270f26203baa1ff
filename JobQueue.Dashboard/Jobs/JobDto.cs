using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Dashboard.Jobs;

public sealed record JobDto(
    Guid Id,
    string Type,
    string Queue,
    JobStatus Status,
    JsonElement Payload,
    string? Result,
    string? Error,
    double Progress,
    int Attempt,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? WorkerId,
    string Owner,
    int MaxAttempts,
    int TimeoutSeconds,
    DateTime? NextAttemptAt,
    IReadOnlyList<TimelineEntryDto>? Timeline = null)
{
    /// <param name="withTimeline">Only a single job's answer carries its timeline; lists leave it out.</param>
    public static JobDto From(Job job, bool withTimeline = false)
    {
        using var payload = JsonDocument.Parse(job.Payload);
        return new JobDto(job.Id, job.Type, job.Queue, job.Status, payload.RootElement.Clone(), job.Result, job.Error,
            job.Progress, job.Attempt, job.CreatedAt, job.StartedAt, job.FinishedAt, job.WorkerId, job.Owner,
            job.MaxAttempts, (int)JobLimits.Timeout(job.Type, job.TimeoutSeconds).TotalSeconds, job.NextAttemptAt,
            withTimeline ? job.History.Select(t => new TimelineEntryDto(t.Status, t.At, t.Attempt, t.WorkerId, t.Note)).ToList() : null);
    }
}

public sealed record TimelineEntryDto(JobStatus Status, DateTime At, int Attempt, string? WorkerId, string? Note);

/// <param name="TotalIsLowerBound">
/// true when more jobs match than <see cref="JobService.CountedUpTo"/>: the count stopped there (counting a million rows
/// would cost more than the page), so <paramref name="Total"/> is "at least". <c>?total=exact</c> counts them all.
/// </param>
public sealed record JobPage(IReadOnlyList<JobDto> Items, int Total, bool TotalIsLowerBound = false);

/// <param name="MaxAttempts">1 to 10; 3 when left out.</param>
/// <param name="TimeoutSeconds">How long one attempt may run; the job type's default when left out.</param>
public sealed record SubmitJobRequest(string? Type, JsonElement Payload, string? Queue, int? MaxAttempts = null, int? TimeoutSeconds = null);

/// <summary>The body of <c>POST /api/jobs/batch</c>.</summary>
public sealed record SubmitJobsRequest(IReadOnlyList<SubmitJobRequest>? Jobs);

/// <summary>The answer to a batch submit: the stored jobs, in the order they were submitted.</summary>
public sealed record SubmittedJobs(IReadOnlyList<JobDto> Jobs);

public enum JobSort
{
    Created,
    Status,
    Type,
    Queue,
}

public sealed record JobFilter(
    JobStatus? Status = null,
    string? Type = null,
    string? Queue = null,
    int Page = 1,
    int PageSize = 50,
    JobSort SortBy = JobSort.Created,
    bool Descending = true,
    string? IdSearch = null,
    bool ExactTotal = false);

/// <summary>A page of jobs and how many match (see <see cref="JobPage.TotalIsLowerBound"/>).</summary>
public sealed record JobListing(IReadOnlyList<Job> Items, int Total, bool TotalIsLowerBound);
