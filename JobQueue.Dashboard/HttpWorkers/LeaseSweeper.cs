using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Leases;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>
/// On the instance that holds the once-only lease: a lease not acked within its time to recover counts as a failed
/// attempt ("lease expired") and the job goes back to its queue at once for the next fetch (or fails, its attempts
/// used up); a lease whose outcome was recorded but not published (its dashboard died in between) is settled; and the
/// online HTTP workers are announced every <see cref="HeartbeatEvery"/>.
/// </summary>
public sealed class LeaseSweeper(
    IServiceScopeFactory scopes,
    HttpWorkerService service,
    HttpWorkerHeartbeats heartbeats,
    IOptions<HttpWorkerOptions> options,
    OnceOnlyDuties duties,
    TimeProvider time,
    ILogger<LeaseSweeper> logger,
    IServiceProvider services) : OnceOnlyDuty(duties, time, logger, services)
{
    private const int BatchSize = 100;
    private static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(5);

    /// <summary>How long an ack may take to publish what it recorded before the sweeper does it instead.</summary>
    private static readonly TimeSpan SettleGrace = TimeSpan.FromSeconds(10);

    private DateTime _lastHeartbeats;

    protected override TimeSpan Interval => options.Value.SweepInterval;

    protected override string What => "release the expired leases of HTTP workers";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow().UtcDateTime;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var expired = await db.JobLeases.Where(l => l.SettledAt == null && l.ExpiresAt <= now).OrderBy(l => l.ExpiresAt).Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var lease in expired)
            {
                var job = service.MessageOf(lease);
                var outcome = new HandlerOutcome(JobEventKind.Failed,
                    Error: $"lease expired: worker {lease.WorkerId} did not ack within {lease.TimeToRecoverSeconds} s", Retriable: true);
                service.Record(lease, OutcomePolicy.Decide(outcome, job.Attempt, job.MaxAttempts, _ => TimeSpan.Zero));
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation("The lease of job {JobId} (attempt {Attempt}) by HTTP worker {WorkerId} expired: {Outcome}",
                    lease.JobId, lease.Attempt, lease.WorkerId, lease.Outcome);
                await service.SettleAsync(db, lease, cancellationToken);
            }

            var unsettled = await db.JobLeases.Where(l => l.SettledAt != null && l.SettledAt <= now - SettleGrace).Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var lease in unsettled)
                await service.SettleAsync(db, lease, cancellationToken);
        }
        if (now - _lastHeartbeats >= HeartbeatEvery)
        {
            _lastHeartbeats = now;
            await heartbeats.PublishOnlineAsync(cancellationToken);
        }
    }
}
