using JobQueue.Shared.Messaging;

namespace JobQueue.Dashboard.HttpWorkers;

public static class HttpWorkersExtensions
{
    /// <summary>Jobs for HTTP workers: fetch, progress and ack with leases kept in the database, and the sweeper of expired leases.</summary>
    public static IHostApplicationBuilder AddHttpWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HttpWorkerOptions>().BindConfiguration(HttpWorkerOptions.Section)
            .Validate(o => o.RetryBaseDelay >= TimeSpan.FromMilliseconds(100) && o.RetryMaxDelay >= o.RetryBaseDelay && o.RetryMaxDelay <= TimeSpan.FromDays(1),
                "HttpWorkers:RetryBaseDelay must be at least 100 ms, and HttpWorkers:RetryMaxDelay between it and one day.")
            .Validate(o => o.SweepInterval >= TimeSpan.FromMilliseconds(100) && o.SweepInterval <= TimeSpan.FromMinutes(1),
                "HttpWorkers:SweepInterval must be between 100 ms and a minute.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RetryPublisher>();
        builder.Services.AddSingleton<DeadLetterPublisher>();
        builder.Services.AddSingleton<HttpWorkerHeartbeats>();
        builder.Services.AddSingleton<HttpWorkerService>();
        builder.Services.AddHostedService<LeaseSweeper>();
        return builder;
    }
}
