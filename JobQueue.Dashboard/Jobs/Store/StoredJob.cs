using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs.Store;

/// <summary>A job's state as the database holds it (its data sealed, <see cref="Encryption.JobDataProtector"/>), with the owner it is sealed for.</summary>
public readonly record struct StoredJob(string OwnerId, JobSnapshot Snapshot);
