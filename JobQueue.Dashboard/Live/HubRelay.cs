using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;

namespace JobQueue.Dashboard.Live;

/// <summary>Relays the live stream to hub clients, off the consumer's thread, in the order the events came.</summary>
public sealed class HubRelay(LiveEvents live, IHubContext<JobsHub> hub, ILogger<HubRelay> logger) : BackgroundService
{
    private const int Backlog = 100_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(Backlog)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.DropOldest,
        });
        using var subscription = live.Subscribe(e => pending.Writer.TryWrite(e));

        await foreach (var liveEvent in pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await (liveEvent switch
                {
                    LiveEvent.JobChanged { Event: var e } => hub.Clients
                        .Groups(JobsHub.AdminsGroup, JobsHub.UserGroup(e.OwnerId)).SendAsync("JobChanged", e, stoppingToken),
                    LiveEvent.WorkerBeat { Heartbeat: var h } => hub.Clients.All.SendAsync("WorkerHeartbeat", h, stoppingToken),
                    LiveEvent.WorkerGone { Stopped: var s } => hub.Clients.All.SendAsync("WorkerStopped", s, stoppingToken),
                    LiveEvent.QueuesChanged { Stats: var q } => hub.Clients.All.SendAsync("QueueStats", q, stoppingToken),
                    _ => Task.CompletedTask,
                });
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Could not relay a live event to hub clients: {Reason}", ex.Message);
            }
        }
    }
}
