using System.Text.Json;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>A job handed to an HTTP worker: run it, report progress, and ack it before <see cref="LeaseExpiresAt"/>.</summary>
public sealed record FetchedJob(Guid JobId, string Type, string Queue, JsonElement Payload, int Attempt, int MaxAttempts,
    int? TimeoutSeconds, DateTime LeaseExpiresAt);
