using System.Text.Json.Serialization;
using JobQueue.ServiceDefaults.Hosting;

namespace JobQueue.Dashboard.Live;

public static class LiveExtensions
{
    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section);
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddSingleton<RecentJobEvents>();
        // Created at start-up, so it hears the stream from its first event rather than from a page's first visit.
        builder.Services.AddSingleton<IHostedService>(sp => new StartWithHost(sp.GetRequiredService<RecentJobEvents>()));
        builder.Services.AddHostedService<LiveQueueConsumer>();
        builder.Services.AddHostedService<HubRelay>();
        builder.Services.AddSingleton<HubSessions>();
        builder.Services.AddHostedService<HubSessionRevalidator>();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
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
