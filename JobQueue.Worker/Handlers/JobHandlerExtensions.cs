namespace JobQueue.Worker.Handlers;

public static class JobHandlerExtensions
{
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services)
        where THandler : class, IJobHandler => services.AddSingleton<IJobHandler, THandler>();

    public static IHostApplicationBuilder AddJobHandlers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddJobHandler<ReverseStringHandler>();
        builder.Services.AddJobHandler<UppercaseTextHandler>();
        builder.Services.AddJobHandler<FibonacciHandler>();
        builder.Services.AddJobHandler<SleepHandler>();
        builder.Services.AddSingleton<JobHandlerRegistry>();
        return builder;
    }
}

public sealed class JobHandlerRegistry(IEnumerable<IJobHandler> handlers)
{
    private readonly Dictionary<string, IJobHandler> _byType = handlers.ToDictionary(h => h.JobType, StringComparer.Ordinal);

    public IReadOnlyList<string> JobTypes { get; } = handlers.Select(h => h.JobType).Order(StringComparer.Ordinal).ToArray();

    public IJobHandler? Find(string jobType) => _byType.GetValueOrDefault(jobType);
}
