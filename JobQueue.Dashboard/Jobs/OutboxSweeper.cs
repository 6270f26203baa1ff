using JobQueue.Dashboard.Data;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>The outbox rule: a job that was stored but whose publish was not confirmed is published again.</summary>
public sealed class OutboxSweeper(IServiceScopeFactory scopes, JobPublisher publisher, IOptions<JobsOptions> options,
    TimeProvider time, ILogger<OutboxSweeper> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OutboxSweepInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Outbox sweep failed, will try again: {Reason}", ex.Message);
            }
        }
    }

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.OutboxGracePeriod;
        var pending = await db.Jobs.AsNoTracking()
            .Where(j => j.PublishedAt == null && j.Status == JobStatus.Queued && j.CreatedAt < cutoff)
            .OrderBy(j => j.CreatedAt).Take(BatchSize).ToListAsync(cancellationToken);

        foreach (var job in pending)
            await publisher.PublishJobAsync(job.ToMessage(), cancellationToken);
        if (pending.Count > 0)
        {
            var ids = pending.Select(j => j.Id).ToList();
            var now = time.GetUtcNow().UtcDateTime;
            await db.Jobs.Where(j => ids.Contains(j.Id)).ExecuteUpdateAsync(s => s.SetProperty(j => j.PublishedAt, now), cancellationToken);
            logger.LogInformation("Outbox: published {Count} job(s) whose first publish was not confirmed", pending.Count);
        }
        return pending.Count;
    }
}
