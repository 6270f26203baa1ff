using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Leases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.DeadLetters;

/// <summary>
/// Deletes dead letters after <see cref="JobsOptions.DeadLetterRetention"/>, every <see cref="JobsOptions.RetentionSweepInterval"/>,
/// in batches of <see cref="BatchSize"/> (<see cref="BatchedDelete"/>). A once-only duty (<see cref="OnceOnlyDuties"/>).
/// </summary>
public sealed class DeadLetterRetention(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<DeadLetterRetention> logger, IServiceProvider services) : OnceOnlyDuty(duties, time, logger, services)
{
    public const int BatchSize = 1000;

    protected override TimeSpan Interval => options.Value.RetentionSweepInterval;

    protected override string What => "delete the dead letters past their retention";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var letters = await SweepAsync(cancellationToken);
        if (letters > 0)
            logger.LogInformation("Retention: deleted {Letters} dead letter(s) past their time", letters);
    }

    /// <returns>How many dead letters it deleted.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow().UtcDateTime - options.Value.DeadLetterRetention;
        return await BatchedDelete.RunAsync(scopes, BatchSize, () => Duties.IsHeld, async (db, token) =>
        {
            var ids = await db.DeadLetters.Where(d => d.DeadAt < cutoff).OrderBy(d => d.Id).Select(d => d.Id)
                .Take(BatchSize).ToListAsync(token);
            return ids.Count == 0 ? (0, 0) : (ids.Count, await db.DeadLetters.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(token));
        }, cancellationToken);
    }
}
