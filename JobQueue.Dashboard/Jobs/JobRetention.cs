using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Deletes finished jobs and their timelines after <see cref="JobsOptions.Retention"/>, every
/// <see cref="JobsOptions.RetentionSweepInterval"/> (dead letters have their own, <c>DeadLetters/DeadLetterRetention</c>).
/// It deletes in batches of <see cref="BatchSize"/>, each its own short transaction, so it never holds the database for long. A
/// once-only duty (<see cref="OnceOnlyDuties"/>).
/// </summary>
public sealed class JobRetention(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<JobRetention> logger, IServiceProvider services) : OnceOnlyDuty(duties, time, logger, services)
{
    public const int BatchSize = 1000;

    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    protected override string What => "delete the finished jobs past their retention";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var jobs = await SweepAsync(cancellationToken);
        if (jobs > 0)
            logger.LogInformation("Retention: deleted {Jobs} finished job(s) past their time", jobs);
    }

    /// <returns>How many jobs it deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow().UtcDateTime - options.Value.Retention;
        return await BatchedDelete.RunAsync(scopes, BatchSize, () => Duties.IsHeld, async (db, token) =>
        {
            // Only a finished job has a FinishedAt (a requeued one loses it), so the age alone says what may go.
            var ids = await db.Jobs.Where(j => j.FinishedAt < cutoff).OrderBy(j => j.FinishedAt).Select(j => j.Id)
                .Take(BatchSize).ToListAsync(token);
            if (ids.Count == 0)
                return (0, 0);
            await using var transaction = await db.Database.BeginTransactionAsync(token);
            await db.JobTimeline.Where(t => ids.Contains(t.JobId)).ExecuteDeleteAsync(token);
            var deleted = await db.Jobs.Where(j => ids.Contains(j.Id) && j.FinishedAt < cutoff).ExecuteDeleteAsync(token);
            await transaction.CommitAsync(token);
            return (ids.Count, deleted);
        }, cancellationToken);
    }
}
