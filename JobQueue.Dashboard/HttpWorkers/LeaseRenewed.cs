namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>The answer to a progress call: the lease now lasts until <see cref="LeaseExpiresAt"/>.</summary>
public sealed record LeaseRenewed(Guid JobId, DateTime LeaseExpiresAt);
