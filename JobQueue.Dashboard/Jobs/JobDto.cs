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
    DateTime? RunAt,
    string Priority,
    string? UniqueKey,
    Guid? RecurringJobId,
    IReadOnlyList<TimelineEntryDto>? Timeline = null)
{
    /// <param name="withTimeline">Only a single job's answer carries its timeline; lists leave it out.</param>
    public static JobDto From(Job job, bool withTimeline = false)
    {
        using var payload = JsonDocument.Parse(job.Payload);
        return new JobDto(job.Id, job.Type, job.Queue, job.Status, payload.RootElement.Clone(), job.Result, job.Error,
            job.Progress, job.Attempt, job.CreatedAt, job.StartedAt, job.FinishedAt, job.WorkerId, job.Owner,
            job.MaxAttempts, job.TimeoutSeconds ?? JobLimits.DefaultTimeoutSeconds, job.NextAttemptAt,
            job.RunAt, SubmitRules.Name(job.Priority), job.UniqueKey, job.RecurringJobId,
            withTimeline ? job.History.Select(t => new TimelineEntryDto(t.Status, t.At, t.Attempt, t.WorkerId, t.Note)).ToList() : null);
    }
}
