using System.Text.Json;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Shared.Contracts;

/// <summary>A submitted job as it travels on <c>jobqueue.jobs</c> to a worker.</summary>
/// <param name="Attempt">1 for the first run; a retry travels as a new message with the next attempt number.</param>
/// <param name="MaxAttempts">How many attempts a failing job gets before it is Failed and dead-lettered.</param>
/// <param name="TimeoutSeconds">How long one attempt may run; null means the job type's default.</param>
/// <param name="Priority">Which of its queue's three priority queues the job waits in; a retry keeps it.</param>
public sealed record JobMessage(
    Guid JobId,
    string Type,
    string Queue,
    JsonElement Payload,
    int Attempt,
    string OwnerId,
    DateTime SubmittedAt,
    int MaxAttempts = JobLimits.DefaultMaxAttempts,
    int? TimeoutSeconds = null,
    JobPriority Priority = JobPriority.Normal)
{
    /// <returns>null when the message can be run, else why it cannot (it is poison: running it again cannot help).</returns>
    public string? Problem() =>
        JobId == Guid.Empty ? "jobId is missing."
        : string.IsNullOrWhiteSpace(Type) ? "type is missing."
        : string.IsNullOrWhiteSpace(Queue) ? "queue is missing."
        : string.IsNullOrEmpty(OwnerId) ? "ownerId is missing."
        : Attempt < 1 ? $"attempt must be 1 or more, not {Attempt}."
        : JobLimits.ValidateMaxAttempts(MaxAttempts) ?? JobLimits.ValidateTimeout(TimeoutSeconds);
}
