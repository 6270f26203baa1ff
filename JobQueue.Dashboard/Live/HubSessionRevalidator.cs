using JobQueue.Dashboard.Identity;
using JobQueue.ServiceDefaults.Hosting;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Live;

/// <summary>Every <see cref="AuthOptions.RevalidationInterval"/>, closes the hub connections whose access was revoked on any instance.</summary>
public sealed class HubSessionRevalidator(HubSessions hubSessions, IOptions<AuthOptions> options, TimeProvider time, IServiceProvider services)
    : SupervisedBackgroundService(services)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevalidationInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
            await hubSessions.RevalidateAsync(stoppingToken);
    }
}
