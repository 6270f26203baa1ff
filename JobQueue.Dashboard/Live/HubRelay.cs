using System.Threading.Channels;
using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using Microsoft.AspNetCore.SignalR;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// Relays the live stream to hub clients, off the consumer's thread, in the order the events came. Job events that
/// piled up while the previous send was under way go out together: one <c>JobsChanged</c> (an array) per group instead
/// of one message per event per client, which is what keeps 50 clients current at thousands of events a second. A
/// job event that arrives alone still goes out as <c>JobChanged</c>.
/// </summary>
public sealed class HubRelay(LiveEvents live, IHubContext<JobsHub> hub, ILogger<HubRelay> logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    private const int Backlog = 100_000;
    private const int MaxJobEventsPerSend = 1000;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        var pending = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(Backlog)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        using var subscription = live.Subscribe(e => pending.Writer.TryWrite(e));

        var jobEvents = new List<JobEvent>();
        while (await pending.Reader.WaitToReadAsync(stoppingToken))
        {
            while (jobEvents.Count < MaxJobEventsPerSend && pending.Reader.TryRead(out var liveEvent))
            {
                if (liveEvent is LiveEvent.JobChanged { Event: var jobEvent })
                {
                    jobEvents.Add(jobEvent);
                    continue;
                }
                // Keep the order: job events that came before this one go first.
                await SendAsync(jobEvents, stoppingToken);
                await SendAsync(liveEvent, stoppingToken);
            }
            await SendAsync(jobEvents, stoppingToken);
        }
    }

    private async Task SendAsync(List<JobEvent> jobEvents, CancellationToken cancellationToken)
    {
        if (jobEvents.Count == 0)
            return;
        try
        {
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
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not relay {Count} job event(s) to hub clients", jobEvents.Count);
        }
        finally
        {
            jobEvents.Clear();
        }
    }

    private async Task SendAsync(LiveEvent liveEvent, CancellationToken cancellationToken)
    {
        try
        {
            await (liveEvent switch
            {
                LiveEvent.WorkerBeat { Heartbeat: var h } => hub.Clients.All.SendAsync("WorkerHeartbeat", h, cancellationToken),
                LiveEvent.WorkerGone { Stopped: var s } => hub.Clients.All.SendAsync("WorkerStopped", s, cancellationToken),
                LiveEvent.QueuesChanged { Stats: var q } => hub.Clients.All.SendAsync("QueueStats", q, cancellationToken),
                _ => Task.CompletedTask,
            });
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not relay a live event to hub clients");
        }
    }
}
