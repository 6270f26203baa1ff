using JobQueue.Dashboard.Data;
using JobQueue.ServiceDefaults.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Leases;

/// <summary>
/// Which dashboard instance runs the duties that must run on exactly one at a time (the outbox sweeper, telling
/// workers the stored queue pauses, forgetting expired Idempotency-Keys, later the scheduler): the one that holds the
/// <see cref="LeaseName"/> lease in the shared database. Every instance tries every <see cref="LeaseOptions.RenewInterval"/>:
/// the holder renews it, the others take it once it has expired, so a holder that dies is replaced within about
/// <see cref="LeaseOptions.Duration"/>, and one that stops gives it up at once. A holder that cannot renew (its database
/// is away) stops counting itself the holder one renewal before the lease can expire, so two never hold it at once as
/// long as the instances' clocks agree to within <see cref="LeaseOptions.RenewInterval"/>.
/// </summary>
public sealed class OnceOnlyDuties(IServiceScopeFactory scopes, DashboardInstance instance, IOptions<LeaseOptions> options,
    TimeProvider time, ILogger<OnceOnlyDuties> logger, IServiceProvider services) : SupervisedBackgroundService(services)
{
    public const string LeaseName = "once-only-duties";

    /// <summary>Ticks of the UTC time until which this instance counts itself the holder.</summary>
    private long _heldUntil;

    /// <summary>How many tries to take or renew the lease have run to their end.</summary>
    private long _tries;

    /// <summary>Whether this instance runs the once-only duties now.</summary>
    public bool IsHeld => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _heldUntil);

    /// <summary>How many tries to take or renew the lease this instance has made to their end (one each renew interval).</summary>
    public long Tries => Interlocked.Read(ref _tries);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RenewInterval, time);
        var failing = false;
        do
        {
            var wasHeld = IsHeld;
            try
            {
                var started = time.GetUtcNow().UtcDateTime;
                if (await TryHoldAsync(started, stoppingToken))
                    Interlocked.Exchange(ref _heldUntil, (started + options.Value.Duration - options.Value.RenewInterval).Ticks);
                if (failing)
                    logger.LogInformation("The once-only duties' lease can be read and written again");
                failing = false;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Said once per outage, with its exception; the tries every interval after it go to the debug log.
                if (!failing)
                    logger.LogWarning(ex, "Could not renew or take the once-only duties' lease; trying again every {Interval}", options.Value.RenewInterval);
                else
                    logger.LogDebug(ex, "Could not renew or take the once-only duties' lease");
                failing = true;
            }
            if (IsHeld != wasHeld)
            {
                if (wasHeld)
                    logger.LogWarning("This instance ({Instance}) no longer runs the once-only duties", instance.Id);
                else
                    logger.LogInformation("This instance ({Instance}) runs the once-only duties", instance.Id);
            }
            Interlocked.Increment(ref _tries);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>true when this instance holds the lease until <paramref name="now"/> plus its duration.</returns>
    private async Task<bool> TryHoldAsync(DateTime now, CancellationToken cancellationToken)
    {
        var until = now + options.Value.Duration;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
        var me = instance.Id;
        // One conditional update: the holder renews, anyone takes an expired lease. Two instances racing for an expired
        // one cannot both win: the second's condition is checked again against the first's committed row.
        var updated = await db.Leases.Where(l => l.Name == LeaseName && (l.Holder == me || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(l => l.AcquiredAt, l => l.Holder == me ? l.AcquiredAt : now)
                .SetProperty(l => l.Holder, me)
                .SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (updated == 1)
            return true;
        if (await db.Leases.AnyAsync(l => l.Name == LeaseName, cancellationToken))
            return false;
        db.Leases.Add(new Lease { Name = LeaseName, Holder = me, AcquiredAt = now, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance made the lease at the same moment: it holds it.
            return false;
        }
    }

    /// <summary>On a clean stop the lease is given up, so another instance takes the duties at its next try.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (!IsHeld)
            return;
        Interlocked.Exchange(ref _heldUntil, 0);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var me = instance.Id;
            var now = time.GetUtcNow().UtcDateTime;
            await db.Leases.Where(l => l.Name == LeaseName && l.Holder == me)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.ExpiresAt, now), cancellationToken);
            logger.LogInformation("Gave up the once-only duties' lease");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not give up the once-only duties' lease; another instance takes it when it expires");
        }
    }
}
