namespace JobQueue.Dashboard.Jobs;

public static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.SubmitRatePerSecond is >= 1 and <= 1_000_000 && o.SubmitBurst >= 1 && o.SubmitBurst <= 1_000_000,
                "Jobs:SubmitRatePerSecond and Jobs:SubmitBurst must be between 1 and 1000000.")
            .Validate(o => o.IdempotencyKeyLifetime >= TimeSpan.FromHours(24),
                "Jobs:IdempotencyKeyLifetime must be at least 24 hours: scripts count on a retried submit being recognised for a day.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SubmitRateLimiter>();
        builder.Services.AddScoped<JobService>();
        builder.Services.AddHostedService<OutboxSweeper>();
        builder.Services.AddHostedService<IdempotencyKeyExpiry>();
        return builder;
    }
}
