using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>A job type in the catalog: its definition, its compiled schema, and when and by whom it was last advertised.</summary>
public sealed record KnownJobType(JobTypeDefinition Definition, PayloadSchema Schema, DateTime FirstAdvertisedAt, DateTime LastAdvertisedAt, string LastAdvertisedBy)
{
    public string Name => Definition.Name;

    /// <summary>Whether <paramref name="other"/> says the same of the type (a worker advertising it again changes nothing).</summary>
    public bool SameAs(JobTypeDefinition other) =>
        Definition.Name == other.Name && Definition.Description == other.Description
        && Definition.DefaultTimeoutSeconds == other.DefaultTimeoutSeconds && Definition.DefaultMaxAttempts == other.DefaultMaxAttempts
        && Definition.Schema.GetRawText() == other.Schema.GetRawText();
}
