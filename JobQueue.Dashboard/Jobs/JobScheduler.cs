using JobQueue.Dashboard.Leases;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// Sends scheduled jobs to their queues when they are due (<see cref="JobService.ReleaseDueAsync"/>), every
/// <see cref="JobsOptions.SchedulerInterval"/>. A once-only duty: the instance that takes the lease over releases what
/// came due meanwhile.
/// </summary>
public sealed class JobScheduler(IServiceScopeFactory scopes, OnceOnlyDuties duties, IOptions<JobsOptions> options, TimeProvider time,
    ILogger<JobScheduler> logger, IServiceProvider services) : OnceOnlyDuty(duties, time, logger, services)
{
    protected override TimeSpan Interval => options.Value.SchedulerInterval;

    protected override string What => "release the scheduled jobs that are due";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        int released;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            released = await scope.ServiceProvider.GetRequiredService<JobService>().ReleaseDueAsync(cancellationToken);
        }
        while (released == JobService.ReleaseBatch && Duties.IsHeld);
    }
}
