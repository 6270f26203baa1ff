namespace JobQueue.Dashboard.Jobs;

public static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<JobPublisher>();
        builder.Services.AddScoped<JobService>();
        builder.Services.AddHostedService<OutboxSweeper>();
        return builder;
    }
}
