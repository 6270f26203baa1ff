using JobQueue.Shared.Messaging;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JobQueue.Dashboard.Health;

public sealed class RabbitMqHealthCheck(RabbitMqConnection connection) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(connection.IsOpen
            ? HealthCheckResult.Healthy($"Connected to {connection.Endpoint}")
            : HealthCheckResult.Unhealthy($"Not connected to RabbitMQ at {connection.Endpoint}"));
}
