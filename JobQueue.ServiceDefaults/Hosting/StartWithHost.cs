using Microsoft.Extensions.Hosting;

namespace JobQueue.ServiceDefaults.Hosting;

/// <summary>Does nothing itself: taking the services as arguments makes the host construct them at start-up.</summary>
public sealed class StartWithHost(params object[] services) : IHostedService
{
    public int Started { get; } = services.Length;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
