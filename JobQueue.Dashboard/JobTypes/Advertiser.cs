using JobQueue.Dashboard.Audit;

namespace JobQueue.Dashboard.JobTypes;

/// <summary>Who sent an advertisement: the owner it would give a new type (<see cref="JobTypeOwners"/>), and who it was for the audit trail.</summary>
public sealed record Advertiser(string Owner, Actor Actor)
{
    /// <summary>A worker on the broker, by its id.</summary>
    public static Advertiser Worker(string workerId) => new(JobTypeOwners.Workers, new Actor("", $"worker {workerId}", null, Actor.Broker));
}
