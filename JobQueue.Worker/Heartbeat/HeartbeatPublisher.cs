using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using JobQueue.Worker.Control;
using JobQueue.Worker.Core;
using JobQueue.Worker.Handlers;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Registry;

namespace JobQueue.Worker.Heartbeat;

/// <summary>Publishes <c>worker.heartbeat</c> every interval, and <c>worker.stopped</c> once the worker has drained.</summary>
public sealed class HeartbeatPublisher(
    ConfirmingPublisher publisher,
    WorkerIdentity identity,
    RunningJobs running,
    WorkerCommands commands,
    JobHandlerRegistry handlers,
    IOptions<WorkerOptions> options,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<HeartbeatPublisher> logger,
    IServiceProvider services) : SupervisedBackgroundService(services)
{
    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, time);
        Task? tick = null;
        Task? changed = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            await TryPublishAsync(Topology.HeartbeatRoutingKey, Beat(), stoppingToken);
            // Beat on the interval, and at once when an admin command changed the state or concurrency. Each wait
            // is kept until it completes: an abandoned one would swallow a later tick or signal.
            tick ??= timer.WaitForNextTickAsync(stoppingToken).AsTask();
            changed ??= commands.Changed.WaitAsync(stoppingToken);
            if (await Task.WhenAny(tick, changed) == tick)
                tick = null;
            else
                changed = null;
        }
    }

    private WorkerHeartbeat Beat() => new(identity.Id, identity.Host, identity.Pid, WorkerIdentity.Version,
        options.Value.Queues, commands.Concurrency > 0 ? commands.Concurrency : options.Value.Concurrency, running.Ids,
        running.Processed, running.Failed, handlers.JobTypes, identity.StartedAt, time.GetUtcNow().UtcDateTime, commands.State,
        commands.PausedQueues, commands.MissingQueues);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var stopped = new WorkerStopped(identity.Id, identity.Host, identity.Pid, time.GetUtcNow().UtcDateTime);
        await TryPublishAsync(Topology.WorkerStoppedRoutingKey, stopped, cancellationToken);
        logger.LogInformation("Worker {WorkerId} stopped after {Processed} job(s)", identity.Id, running.Processed);
    }

    /// <summary>A beat that does not go out within the publish timeout is dropped: the next one says the same, newer.</summary>
    private async Task TryPublishAsync<T>(string routingKey, T message, CancellationToken cancellationToken)
    {
        try
        {
            await _publishTimeout.RunAsync($"Publishing {routingKey}", token => publisher.PublishAsync(Topology.EventsExchange, routingKey,
                message, routingKey, persistent: false, cancellationToken: token), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogDebug(ex, "Could not publish {RoutingKey}", routingKey);
        }
    }
}
