using JobQueue.Shared.Resilience;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Registry;

namespace JobQueue.Shared.Messaging;

public static class RabbitMqExtensions
{
    public const string UriEnvironmentVariable = "JOBQUEUE_RABBITMQ";

    /// <summary>Registers the process's RabbitMQ connection and confirming publisher, configured from the RabbitMq section.</summary>
    public static IHostApplicationBuilder AddRabbitMq(this IHostApplicationBuilder builder, string clientName)
    {
        builder.Services.AddOptions<RabbitMqOptions>()
            .Bind(builder.Configuration.GetSection(RabbitMqOptions.Section))
            .PostConfigure(o =>
            {
                if (Environment.GetEnvironmentVariable(UriEnvironmentVariable) is { Length: > 0 } uri)
                    o.Uri = uri;
            })
            .Validate(o => Uri.TryCreate(o.Uri, UriKind.Absolute, out var u) && u.Scheme is "amqp" or "amqps",
                "RabbitMq:Uri must be an amqp:// or amqps:// URI.")
            .Validate(o => o.Nodes.All(n => RabbitMqOptions.ValidateNode(n) is null),
                "RabbitMq:Nodes entries must be host or host:port.")
            .ValidateOnStart();
        builder.Services.AddSingleton(sp => new RabbitMqConnection(
            sp.GetRequiredService<IOptions<RabbitMqOptions>>(),
            sp.GetRequiredService<ILogger<RabbitMqConnection>>(),
            $"{clientName}@{Environment.MachineName}:{Environment.ProcessId}",
            sp.GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(Pipelines.BrokerConnect)));
        builder.Services.AddSingleton<ConfirmingPublisher>();
        return builder;
    }
}
