using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Worker.Core;
using Microsoft.Extensions.Options;

namespace JobQueue.Worker.Logs;

/// <summary>
/// Sends this worker's new log lines (<see cref="WorkerLogRing"/>) as <c>worker.log</c> every
/// <see cref="WorkerOptions.LogPublishInterval"/>, not persistent: a dashboard that was away asks for them again
/// (<see cref="ControlCommandKind.SendLogs"/>). A failed send is tried again with every kept line on the next tick;
/// it is logged at Debug only, which the ring does not keep, so a broker outage cannot feed on its own log.
/// </summary>
public sealed class WorkerLogPublisher(WorkerLogRing ring, ConfirmingPublisher publisher, WorkerIdentity identity,
    IOptions<WorkerOptions> options, TimeProvider time, ILogger<WorkerLogPublisher> logger, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LogPublishInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await SendAsync(stoppingToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // The last lines (the drain, the stop) go out too.
        await SendAsync(cancellationToken);
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var lines = ring.TakeUnsent();
        if (lines.Count == 0)
            return;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await publisher.PublishAsync(Topology.EventsExchange, Topology.WorkerLogRoutingKey,
                new WorkerLogLines(identity.Id, identity.StartedAt, lines), Topology.WorkerLogRoutingKey, persistent: false,
                cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Could not send {Count} worker log line(s); they go with the next ones", lines.Count);
            ring.SendAllAgain();
        }
    }
}
