using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.DeadLetters;
using JobQueue.Dashboard.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Deletes finished jobs and their timelines after <see cref="JobsOptions.Retention"/>, and dead letters after
/// <see cref="JobsOptions.DeadLetterRetention"/>, every <see cref="JobsOptions.RetentionSweepInterval"/>. It deletes
/// in batches of <see cref="BatchSize"/>, each its own short transaction, so it never holds the database for long. A
/// once-only duty (<see cref="OnceOnlyDuties"/>).
/// </summary>
public sealed class JobRetention(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<JobRetention> logger, IServiceProvider services) : OnceOnlyDuty(duties, time, logger, services)
{
    public const int BatchSize = 1000;

    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    protected override string What => "delete the jobs and dead letters past their retention";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var (jobs, letters) = await SweepAsync(cancellationToken);
        if (jobs + letters > 0)
            logger.LogInformation("Retention: deleted {Jobs} finished job(s) and {Letters} dead letter(s) past their time", jobs, letters);
    }

    /// <returns>How many jobs and dead letters it deleted.</returns>
    public async Task<(int Jobs, int DeadLetters)> SweepAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        var jobsCutoff = now - options.Value.Retention;
        var lettersCutoff = now - options.Value.DeadLetterRetention;
        var jobs = 0;
        var letters = 0;
        while (Duties.IsHeld)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            // Only a finished job has a FinishedAt (a requeued one loses it), so the age alone says what may go.
            var ids = await db.Jobs.Where(j => j.FinishedAt < jobsCutoff).OrderBy(j => j.FinishedAt).Select(j => j.Id)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
                break;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                await db.JobTimeline.Where(t => ids.Contains(t.JobId)).ExecuteDeleteAsync(cancellationToken);
                jobs += await db.Jobs.Where(j => ids.Contains(j.Id) && j.FinishedAt < jobsCutoff).ExecuteDeleteAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            if (ids.Count < BatchSize)
                break;
        }
        while (Duties.IsHeld)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var ids = await db.DeadLetters.Where(d => d.DeadAt < lettersCutoff).OrderBy(d => d.Id).Select(d => d.Id)
                .Take(BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
                break;
            letters += await db.DeadLetters.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            if (ids.Count < BatchSize)
                break;
        }
        return (jobs, letters);
    }
}
