using System.Text.Json;
using JobQueue.Shared.Contracts;

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
    string Owner)
{
    public static JobDto From(Job job)
    {
        using var payload = JsonDocument.Parse(job.Payload);
        return new JobDto(job.Id, job.Type, job.Queue, job.Status, payload.RootElement.Clone(), job.Result, job.Error,
            job.Progress, job.Attempt, job.CreatedAt, job.StartedAt, job.FinishedAt, job.WorkerId, job.Owner);
    }
}

public sealed record JobPage(IReadOnlyList<JobDto> Items, int Total);

public sealed record SubmitJobRequest(string? Type, JsonElement Payload, string? Queue);

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
    string? IdSearch = null);
