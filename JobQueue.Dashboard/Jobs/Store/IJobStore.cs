using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Jobs.Store;

/// <summary>
/// The hot path of the job table (docs/design.md, "The store seam"): what every job costs, written set-based, a few
/// statements per batch rather than several per job. One implementation per database provider; everything else
/// (reads, cancels, dead letters, queues) goes through EF Core.
/// </summary>
public interface IJobStore
{
    /// <summary>Stores submitted jobs, and the answer kept for an Idempotency-Key, all or none in one transaction.</summary>
    Task InsertAsync(IReadOnlyList<Job> jobs, IdempotencyRecord? idempotency, CancellationToken cancellationToken);

    /// <summary>Applies a batch of workers' events in order through <see cref="Shared.State.JobReducer"/>, in one transaction.</summary>
    Task<AppliedEvents> ApplyAsync(IReadOnlyList<JobEvent> events, CancellationToken cancellationToken);

    /// <summary>Marks jobs as confirmed by the broker, so the outbox sweeper leaves them alone.</summary>
    Task MarkPublishedAsync(IReadOnlyCollection<Guid> jobIds, DateTime publishedAt, CancellationToken cancellationToken);
}
