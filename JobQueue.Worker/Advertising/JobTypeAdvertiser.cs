using JobQueue.ServiceDefaults.Hosting;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Shared.Resilience;
using JobQueue.Worker.Core;
using JobQueue.Worker.Handlers;
using Polly;
using Polly.Registry;

namespace JobQueue.Worker.Advertising;

/// <summary>
/// Advertises the job types this worker runs (<c>worker.job-types</c>, <see cref="JobTypesAdvertised"/>): when it
/// starts, and again whenever a dashboard asks (<see cref="ControlCommandKind.SendJobTypes"/>). Every dashboard keeps
/// them in its catalog. A publish that fails is tried again by the supervisor, after a growing pause.
/// </summary>
public sealed class JobTypeAdvertiser(
    ConfirmingPublisher publisher,
    JobHandlerRegistry handlers,
    WorkerIdentity identity,
    TimeProvider time,
    ResiliencePipelineProvider<string> pipelines,
    ILogger<JobTypeAdvertiser> logger,
    IServiceProvider services) : SupervisedBackgroundService(services)
{
    private readonly SemaphoreSlim _asked = new(0);
    private readonly ResiliencePipeline _publishTimeout = pipelines.GetPipeline(Pipelines.BrokerPublish);

    /// <summary>A dashboard asked for the types again: they go out once, however many asked meanwhile.</summary>
    public void Ask()
    {
        if (_asked.CurrentCount == 0)
            _asked.Release();
    }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            var advertised = new JobTypesAdvertised(identity.Id, time.GetUtcNow().UtcDateTime, handlers.Handlers.Select(h => h.Definition).ToList());
            await _publishTimeout.RunAsync($"Publishing {Topology.JobTypesRoutingKey}", token => publisher.PublishAsync(Topology.EventsExchange,
                Topology.JobTypesRoutingKey, advertised, Topology.JobTypesRoutingKey, persistent: false, cancellationToken: token), stoppingToken);
            logger.LogInformation("Advertised job types {JobTypes}", string.Join(", ", handlers.JobTypes));
            await _asked.WaitAsync(stoppingToken);
        }
    }

    public override void Dispose()
    {
        _asked.Dispose();
        base.Dispose();
    }
}
