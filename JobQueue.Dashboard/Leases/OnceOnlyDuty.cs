using JobQueue.ServiceDefaults.Hosting;

namespace JobQueue.Dashboard.Leases;

/// <summary>
/// A duty that runs every <see cref="Interval"/> on the instance that holds the <see cref="OnceOnlyDuties"/> lease, and
/// on no other: each pass (<see cref="RunOnceAsync"/>) that fails is logged with its exception, and the next pass tries
/// again. The outbox sweeper, the schedulers, retention and the expiry of Idempotency-Keys are such duties.
/// </summary>
public abstract class OnceOnlyDuty(OnceOnlyDuties duties, TimeProvider time, ILogger logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    protected OnceOnlyDuties Duties => duties;
    protected TimeProvider Time => time;

    protected abstract TimeSpan Interval { get; }

    /// <summary>What a failed pass could not do, for its warning: "release the scheduled jobs that are due".</summary>
    protected abstract string What { get; }

    /// <summary>One pass of the duty; it runs only while this instance holds the lease.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected sealed override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!duties.IsHeld)
                continue;
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not {What}; the next pass tries again", What);
            }
        }
    }
}
