using JobQueue.Dashboard.Jobs.Store;

namespace JobQueue.Dashboard.Jobs;

public static class JobsExtensions
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.AddJobStore();
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.SubmitRatePerSecond is >= 1 and <= 1_000_000 && o.SubmitBurst >= 1 && o.SubmitBurst <= 1_000_000,
                "Jobs:SubmitRatePerSecond and Jobs:SubmitBurst must be between 1 and 1000000.")
            .Validate(o => o.IdempotencyKeyLifetime >= TimeSpan.FromHours(24),
                "Jobs:IdempotencyKeyLifetime must be at least 24 hours: scripts count on a retried submit being recognised for a day.")
            .Validate(o => o.SchedulerInterval >= TimeSpan.FromMilliseconds(10) && o.SchedulerInterval <= TimeSpan.FromSeconds(10),
                "Jobs:SchedulerInterval must be between 10 ms and 10 s: a scheduled job waits about that long past its time.")
            .Validate(o => o.Retention >= TimeSpan.FromMinutes(1) && o.DeadLetterRetention >= TimeSpan.FromMinutes(1),
                "Jobs:Retention and Jobs:DeadLetterRetention must be at least a minute.")
            .Validate(o => o.RetentionSweepInterval >= TimeSpan.FromSeconds(1), "Jobs:RetentionSweepInterval must be at least a second.")
            .Validate(o => o.MaxRecurringJobsPerUser >= 1 && o.MinRecurringInterval >= TimeSpan.FromSeconds(1),
                "Jobs:MaxRecurringJobsPerUser must be at least 1 and Jobs:MinRecurringInterval at least a second.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SubmitRateLimiter>();
        builder.Services.AddScoped<JobService>();
        builder.Services.AddScoped<JobReader>();
        builder.Services.AddHostedService<OutboxSweeper>();
        builder.Services.AddHostedService<IdempotencyKeyExpiry>();
        builder.Services.AddHostedService<JobScheduler>();
        builder.Services.AddHostedService<JobRetention>();
        return builder;
    }
}
