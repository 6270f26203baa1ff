using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>A job type in the catalog: its definition, its compiled schema, when and by whom it was last advertised, and its owner (<see cref="JobTypeOwners"/>).</summary>
public sealed record KnownJobType(JobTypeDefinition Definition, PayloadSchema Schema, DateTime FirstAdvertisedAt, DateTime LastAdvertisedAt, string LastAdvertisedBy,
    string? Owner)
{
    /// <summary>Who sent the advertisement this entry holds, for the audit trail (not stored: read back, it is the worker id's).</summary>
    public Audit.Actor? AdvertisedBy { get; init; }

    public string Name => Definition.Name;

    /// <summary>Whether <paramref name="other"/> says the same of the type (a worker advertising it again changes nothing).</summary>
    public bool SameAs(JobTypeDefinition other) =>
        Definition.Name == other.Name && Definition.Description == other.Description
        && Definition.DefaultTimeoutSeconds == other.DefaultTimeoutSeconds && Definition.DefaultMaxAttempts == other.DefaultMaxAttempts
        && Definition.Schema.GetRawText() == other.Schema.GetRawText();
}
