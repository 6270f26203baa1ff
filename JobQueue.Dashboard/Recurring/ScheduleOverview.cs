using JobQueue.Dashboard.Data;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using Microsoft.EntityFrameworkCore;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// What is scheduled, for the monitor and the wall: how many jobs wait for their time, how many recurring jobs are
/// active and paused, and the next recurring runs. Read from the database every <see cref="RefreshEvery"/> and at once
/// when a recurring job changes on any instance; every page reads <see cref="Latest"/>, so a hundred open walls cost one
/// query each refresh.
/// </summary>
public sealed class ScheduleOverview(IServiceScopeFactory scopes, LiveEvents live, TimeProvider time, ILogger<ScheduleOverview> logger,
    IServiceProvider services) : SupervisedBackgroundService(services)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);
    public const int NextRunsShown = 5;

    /// <param name="NextRuns">The next runs of active recurring jobs, soonest first.</param>
    public sealed record Summary(int ScheduledJobs, int ActiveRecurring, int PausedRecurring, IReadOnlyList<(string Name, DateTime At)> NextRuns);

    private volatile bool _failing;

    /// <summary>null until the first read.</summary>
    public Summary? Latest { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var dirty = true;
        using var announcements = live.Subscribe(e =>
        {
            if (e is LiveEvent.RecurringStored)
                dirty = true;
        });
        var lastRead = DateTime.MinValue;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250), time);
        do
        {
            var now = time.GetUtcNow().UtcDateTime;
            if (!dirty && now - lastRead < RefreshEvery)
                continue;
            dirty = false;
            lastRead = now;
            await ReadAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<JobQueueDbContext>();
            var scheduled = await db.Jobs.CountAsync(j => j.Status == JobStatus.Scheduled, cancellationToken);
            var active = await db.RecurringJobs.CountAsync(r => !r.Paused, cancellationToken);
            var paused = await db.RecurringJobs.CountAsync(r => r.Paused, cancellationToken);
            var next = await db.RecurringJobs.Where(r => !r.Paused && r.NextRunAt != null).OrderBy(r => r.NextRunAt).Take(NextRunsShown)
                .Select(r => new { r.Name, r.NextRunAt }).ToListAsync(cancellationToken);
            Latest = new Summary(scheduled, active, paused, next.Select(r => (r.Name, r.NextRunAt!.Value)).ToList());
            _failing = false;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // The figures stay as they were; said once per outage.
            if (!_failing)
                logger.LogWarning(ex, "Could not read the scheduled and recurring jobs for the monitor; trying again every {Interval}", RefreshEvery);
            _failing = true;
        }
    }
}
