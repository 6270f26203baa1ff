using JobQueue.Dashboard.Leases;
using JobQueue.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Sends scheduled jobs to their queues when they are due (<see cref="JobService.ReleaseDueAsync"/>), every
/// <see cref="JobsOptions.SchedulerInterval"/>. A once-only duty (<see cref="OnceOnlyDuties"/>): it runs on the
/// instance that holds the lease, and the instance that takes the lease over releases what came due meanwhile.
/// </summary>
public sealed class JobScheduler(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<JobScheduler> logger, IServiceProvider services) : SupervisedBackgroundService(services)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!duties.IsHeld)
                continue;
            try
            {
                await ReleaseDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not release the scheduled jobs that are due; the next pass tries again");
            }
        }
    }

    /// <returns>How many jobs it released.</returns>
    public async Task<int> ReleaseDueAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        int released;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            released = await scope.ServiceProvider.GetRequiredService<JobService>().ReleaseDueAsync(cancellationToken);
            total += released;
        }
        while (released == JobService.ReleaseBatch && duties.IsHeld);
        if (total > 0)
            logger.LogDebug("Released {Count} scheduled job(s) that were due", total);
        return total;
    }
}
