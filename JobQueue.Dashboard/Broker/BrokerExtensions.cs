using JobQueue.Shared.Messaging;

namespace JobQueue.Dashboard.Broker;

public static class BrokerExtensions
{
    /// <summary>The process's RabbitMQ connection and confirming publisher, and the <see cref="BrokerGateway"/> every feature uses.</summary>
    public static IHostApplicationBuilder AddBroker(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMq("jobqueue-dashboard");
        builder.Services.AddSingleton<BrokerGateway>();
        return builder;
    }
}
