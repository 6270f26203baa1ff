using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Coalescing;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// Relays the live stream to hub clients, off the consumer's thread, through one <see cref="Coalescer"/>: the first
/// change after a quiet spell goes out at once, later ones at most every <see cref="Interval"/>, each flush one
/// <c>JobsChanged</c> (an array; <c>JobChanged</c> when it holds one event) per group, serialized once per group by
/// SignalR, however many clients the group has. What waits between flushes is each job's newest event
/// (<see cref="PendingLiveEvents"/>), so when clients cannot keep up they get the latest state of each job rather than a
/// growing queue of old events; progress may be skipped, outcomes are not. Job log lines go out as <c>JobLogged</c>
/// arrays, in order (the oldest dropped first when clients fall far behind; <c>GET /api/jobs/{id}/logs</c> has them).
/// </summary>
public sealed class HubRelay(LiveEvents live, IHubContext<JobsHub> hub, ILogger<HubRelay> logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var pending = new PendingLiveEvents(newestPerJob: true, maxJobs: 100_000, maxOthers: 10_000);
        var dropped = 0L;
        await using var coalescer = new Coalescer(Interval, live.Time, async token =>
        {
            await SendAsync(pending.TakeAll(), token);
            if (pending.Dropped > dropped)
            {
                logger.LogWarning("Hub clients fell so far behind that {Count} live event(s) were dropped", pending.Dropped - dropped);
                dropped = pending.Dropped;
            }
        }, ex => logger.LogWarning(ex, "Could not relay live events to hub clients"));
        using var subscription = live.Subscribe(e =>
        {
            pending.Add(e);
            coalescer.Signal();
        });
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }

    private async Task SendAsync(IReadOnlyList<LiveEvent> batch, CancellationToken cancellationToken)
    {
        var jobEvents = new List<JobEvent>(batch.Count);
        var lines = new List<JobLogLine>();
        foreach (var liveEvent in batch)
        {
            if (liveEvent is LiveEvent.JobChanged { Event: var jobEvent })
            {
                jobEvents.Add(jobEvent);
                continue;
            }
            if (liveEvent is LiveEvent.JobLogged { Line: var line })
            {
                lines.Add(line);
                continue;
            }
            await (liveEvent switch
            {
                LiveEvent.WorkerBeat { Heartbeat: var h } => hub.Clients.All.SendAsync("WorkerHeartbeat", h, cancellationToken),
                LiveEvent.WorkerGone { Stopped: var s } => hub.Clients.All.SendAsync("WorkerStopped", s, cancellationToken),
                LiveEvent.WorkerLogged { Log: var log } => hub.Clients.Group(JobsHub.AdminsGroup).SendAsync("WorkerLogged", log, cancellationToken),
                LiveEvent.QueuesChanged { Stats: var q } => hub.Clients.All.SendAsync("QueueStats", q, cancellationToken),
                _ => Task.CompletedTask,
            });
        }
        if (lines.Count > 0)
        {
            // Job log lines: each flush's as one JobLogged array per group, to admins and to each job's owner.
            await hub.Clients.Group(JobsHub.AdminsGroup).SendAsync("JobLogged", lines, cancellationToken);
            foreach (var owned in lines.GroupBy(l => l.OwnerId))
                await hub.Clients.Group(JobsHub.UserGroup(owned.Key)).SendAsync("JobLogged", owned.ToList(), cancellationToken);
        }
        if (jobEvents.Count == 0)
            return;
        if (jobEvents.Count == 1)
        {
            var jobEvent = jobEvents[0];
            await hub.Clients.Groups(JobsHub.AdminsGroup, JobsHub.UserGroup(jobEvent.OwnerId)).SendAsync("JobChanged", jobEvent, cancellationToken);
            return;
        }
        await hub.Clients.Group(JobsHub.AdminsGroup).SendAsync("JobsChanged", jobEvents, cancellationToken);
        foreach (var owned in jobEvents.GroupBy(e => e.OwnerId))
            await hub.Clients.Group(JobsHub.UserGroup(owned.Key)).SendAsync("JobsChanged", owned.ToList(), cancellationToken);
    }
}
