using System.Text.Json.Serialization;
using JobQueue.Dashboard.Workers;

namespace JobQueue.Dashboard.Live;

/// <summary>Does nothing itself: taking the services as arguments makes the host construct them at start-up.</summary>
internal sealed class StartWithHost(params object[] services) : IHostedService
{
    public int Started { get; } = services.Length;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class LiveExtensions
{
    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section);
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddSingleton<RecentJobEvents>();
        builder.Services.AddSingleton<WorkerRegistry>();
        builder.Services.AddSingleton<WorkerControl>();
        // Created at start-up, so they hear the stream from its first event rather than from a page's first visit.
        builder.Services.AddHostedService(sp => new StartWithHost(sp.GetRequiredService<RecentJobEvents>(), sp.GetRequiredService<WorkerRegistry>()));
        builder.Services.AddHostedService<LiveQueueConsumer>();
        builder.Services.AddHostedService<HubRelay>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddHostedService<HubSessionRevalidator>();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                // A job event's unset fields (error, retryAt, ...) are left out: a third less to send and to decode.
                o.PayloadSerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            });
        return builder;
    }

    /// <summary><c>/hubs/jobs</c>; a connection closes when its bearer token expires, as when its access is revoked.</summary>
    public static IEndpointRouteBuilder MapJobsHub(this IEndpointRouteBuilder app)
    {
        app.MapHub<JobsHub>(JobsHub.Path, o => o.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
