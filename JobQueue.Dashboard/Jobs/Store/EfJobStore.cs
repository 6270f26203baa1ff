using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Jobs.Store;

/// <summary>
/// The hot path through EF Core's change tracker: one statement per job and row. SQL Server uses it until it has a
/// set-based store of its own; the store tests use it as the reference the set-based stores must agree with.
/// </summary>
public sealed class EfJobStore(IServiceScopeFactory scopes, JobDataProtector data, ResiliencePipelineProvider<string> pipelines) : IJobStore
{
    private readonly ResiliencePipeline _conflicts = pipelines.GetPipeline(Pipelines.StoreConflict);

    public async Task InsertAsync(IReadOnlyList<Job> jobs, IdempotencyRecord? idempotency, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        db.Jobs.AddRange(jobs);
        if (idempotency is not null)
            db.IdempotencyKeys.Add(idempotency);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AppliedEvents> ApplyAsync(IReadOnlyList<JobEvent> events, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var ids = events.Select(e => e.JobId).Distinct().ToList();
        // A cancel (or another dashboard) may change one of these jobs meanwhile: then the batch is applied again to fresh rows.
        return await _conflicts.RunAsync(db, $"Applying {events.Count} job event(s)", async token =>
        {
            var jobs = await db.Jobs.Where(j => ids.Contains(j.Id)).ToDictionaryAsync(j => j.Id, token);
            var batch = EventBatch.Reduce(jobs.ToDictionary(j => j.Key, j => new StoredJob(j.Value.OwnerId, j.Value.Snapshot)), events, data);
            foreach (var (id, change) in batch.Changes)
                jobs[id].Take(change);
            await db.SaveChangesAsync(token);
            return batch.Applied;
        }, cancellationToken);
    }

    public async Task MarkPublishedAsync(IReadOnlyCollection<Guid> jobIds, DateTime publishedAt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var ids = jobIds.ToList();
        await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, publishedAt), cancellationToken);
    }
}
