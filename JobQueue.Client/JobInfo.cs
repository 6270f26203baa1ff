using System.Text.Json;

namespace JobQueue.Client;

/// <summary>A job as the API answers it (<c>GET /api/jobs/{id}</c>).</summary>
public sealed record JobInfo(
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
    IReadOnlyList<TimelineEntry>? Timeline = null)
{
    /// <summary>The result read as <typeparamref name="T"/>: a handler's result other than text travels as its JSON.</summary>
    public T? ResultAs<T>() => Result is null ? default : JsonSerializer.Deserialize<T>(Result, JobQueueJson.Options);
}
