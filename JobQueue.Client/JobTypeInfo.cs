using System.Text.Json;

namespace JobQueue.Client;

/// <summary>A job type as the catalog lists it (<c>GET /api/job-types</c>): what its workers advertised.</summary>
/// <param name="WorkersOnline">The workers online now that run it; empty: its jobs wait until one comes.</param>
public sealed record JobTypeInfo(string Name, string? Description, JsonElement Schema, int DefaultTimeoutSeconds, int DefaultMaxAttempts,
    IReadOnlyList<string> WorkersOnline, DateTime FirstAdvertisedAt, DateTime LastAdvertisedAt, string LastAdvertisedBy);
