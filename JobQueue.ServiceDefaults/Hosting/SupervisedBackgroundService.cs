using JobQueue.Shared.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Polly;
using Polly.Registry;

namespace JobQueue.ServiceDefaults.Hosting;

/// <summary>
/// A background service that no failure ends: when <see cref="RunAsync"/> throws, the failure is logged with its
/// exception and the work starts again after a growing pause (the <see cref="Pipelines.BackgroundService"/> pipeline).
/// Only the host's shutdown stops it, so a slow or absent dependency never takes the process down.
/// </summary>
public abstract class SupervisedBackgroundService(IServiceProvider services) : BackgroundService
{
    private readonly ResiliencePipeline _pipeline =
        services.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(Pipelines.BackgroundService);

    /// <summary>The service's work. Return when it is done; throw and it runs again.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _pipeline.RunAsync(GetType().Name, RunAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
