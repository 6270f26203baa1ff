using System.Text.Json;

namespace JobQueue.Shared.Contracts;

/// <summary>A submitted job as it travels on <c>jobqueue.jobs</c> to a worker.</summary>
public sealed record JobMessage(
    Guid JobId,
    string Type,
    string Queue,
    JsonElement Payload,
    int Attempt,
    string OwnerId,
    DateTime SubmittedAt);
