using Microsoft.Extensions.Hosting;

namespace JobQueue.ServiceDefaults.Hosting;

/// <summary>
/// Does nothing itself: taking the services as arguments makes the host construct them at start-up. Register it with
/// <c>AddSingleton&lt;IHostedService&gt;(sp =&gt; new StartWithHost(...))</c>: <c>AddHostedService</c> keeps only the first
/// registration of a type, so a second feature's would be dropped.
/// </summary>
public sealed class StartWithHost(params object[] services) : IHostedService
{
    public int Started { get; } = services.Length;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
