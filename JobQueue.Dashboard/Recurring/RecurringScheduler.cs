using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Leases;
using JobQueue.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// Fires the recurring jobs' due occurrences (<see cref="RecurringService.FireDueAsync"/>) every
/// <see cref="JobsOptions.SchedulerInterval"/>. A once-only duty (<see cref="OnceOnlyDuties"/>): the instance that takes
/// the lease over fires what came due meanwhile, late (within <see cref="JobsOptions.RecurringCatchUp"/>) or by the
/// missed policy.
/// </summary>
public sealed class RecurringScheduler(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<RecurringScheduler> logger, IServiceProvider services) : SupervisedBackgroundService(services)
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
                await using var scope = scopes.CreateAsyncScope();
                var fired = await scope.ServiceProvider.GetRequiredService<RecurringService>().FireDueAsync(stoppingToken);
                if (fired > 0)
                    logger.LogDebug("Fired {Count} recurring run(s)", fired);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not fire the recurring jobs that are due; the next pass tries again");
            }
        }
    }
}
