using JobQueue.Dashboard.Broker;
using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Encryption;
using JobQueue.Dashboard.Jobs.Store;
using JobQueue.Dashboard.Leases;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Resilience;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// The outbox rule: a job that was stored but whose publish was not confirmed is published again. A once-only duty:
/// it sweeps only on the instance that holds <see cref="OnceOnlyDuties"/>.
/// </summary>
public sealed class OutboxSweeper(IServiceScopeFactory scopes, IJobStore store, BrokerGateway broker, JobDataProtector data, OnceOnlyDuties duties, IOptions<JobsOptions> options,
    TimeProvider time, ResiliencePipelineProvider<string> pipelines, ILogger<OutboxSweeper> logger, IServiceProvider services)
    : OnceOnlyDuty(duties, time, logger, services)
{
    private const int BatchSize = 500;

    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);

    protected override TimeSpan Interval => options.Value.OutboxSweepInterval;

    protected override string What => "publish the stored jobs whose publish was not confirmed (outbox sweep)";

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    /// <returns>How many jobs it published.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var cutoff = Time.GetUtcNow().UtcDateTime - options.Value.OutboxGracePeriod;
        var pending = await db.Jobs.AsNoTracking()
            .Where(j => j.PublishedAt == null && j.Status == JobStatus.Queued && j.QueuedAt < cutoff)
            .OrderBy(j => j.QueuedAt).Take(BatchSize).ToListAsync(cancellationToken);
        if (pending.Count == 0)
            return 0;

        // All at once, each confirmed on its own, within the publish timeout: a broker that does not confirm holds
        // up one sweep for a few seconds, not the sweeper for good.
        await _publishTimeout.RunAsync($"Publishing {pending.Count} unconfirmed job(s) from the outbox",
            token => Task.WhenAll(pending.Select(job => broker.PublishJobAsync(job.ToMessage(data), token))), cancellationToken);

        await store.MarkPublishedAsync([.. pending.Select(j => j.Id)], Time.GetUtcNow().UtcDateTime, cancellationToken);
        logger.LogInformation("Outbox: published {Count} job(s) whose first publish was not confirmed", pending.Count);
        return pending.Count;
    }
}
