using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Leases;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// Fires the recurring jobs' due occurrences (<see cref="RecurringService.FireDueAsync"/>) every
/// <see cref="JobsOptions.SchedulerInterval"/>. A once-only duty: the instance that takes the lease over fires what came
/// due meanwhile, late (within <see cref="JobsOptions.RecurringCatchUp"/>) or by the missed policy.
/// </summary>
public sealed class RecurringScheduler(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<RecurringScheduler> logger, IServiceProvider services) : OnceOnlyDuty(duties, time, logger, services)
{
    protected override TimeSpan Interval => options.Value.SchedulerInterval;

    protected override string What => "fire the recurring jobs that are due";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecurringService>().FireDueAsync(cancellationToken);
    }
}
