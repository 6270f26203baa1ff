using JobQueue.Dashboard.Data;

namespace JobQueue.Dashboard.Health;

public static class HealthExtensions
{
    private const string Ready = "ready";

    public static IHostApplicationBuilder AddJobQueueHealthChecks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<JobQueueDbContext>("database", tags: [Ready])
            .AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: [Ready]);
        return builder;
    }

    /// <summary><c>/health</c>: the process answers. <c>/health/ready</c>: the database and RabbitMQ answer too (503 otherwise).</summary>
    public static IEndpointRouteBuilder MapJobQueueHealthChecks(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains(Ready) }).AllowAnonymous();
        return app;
    }
}
