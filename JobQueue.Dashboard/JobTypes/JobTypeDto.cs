using System.Text.Json;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>A job type as <c>GET /api/job-types</c> shows it.</summary>
/// <param name="WorkersOnline">The ids of the workers online now that run it; empty: its jobs wait until one comes.</param>
/// <param name="Owner">Who owns it: <c>workers</c> (JobQueue's workers on the broker), <c>key:&lt;id&gt;</c> (a worker key), or null (stored before types had owners).</param>
public sealed record JobTypeDto(
    string Name,
    string? Description,
    JsonElement Schema,
    int DefaultTimeoutSeconds,
    int DefaultMaxAttempts,
    IReadOnlyList<string> WorkersOnline,
    DateTime FirstAdvertisedAt,
    DateTime LastAdvertisedAt,
    string LastAdvertisedBy,
    string? Owner);
