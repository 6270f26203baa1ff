using System.Text.Json.Serialization;

namespace JobQueue.Dashboard.Live;

public static class LiveExtensions
{
    public static IHostApplicationBuilder AddLiveUpdates(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LiveOptions>().BindConfiguration(LiveOptions.Section);
        builder.Services.AddSingleton<LiveEvents>();
        builder.Services.AddHostedService<LiveQueueConsumer>();
        builder.Services.AddHostedService<HubRelay>();
        builder.Services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return builder;
    }
}
