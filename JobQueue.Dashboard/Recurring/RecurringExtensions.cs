namespace JobQueue.Dashboard.Recurring;

public static class RecurringExtensions
{
    /// <summary>Recurring jobs: their service, their once-only scheduler (docs/design.md, "Recurring jobs").</summary>
    public static IHostApplicationBuilder AddRecurringJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RecurringService>();
        builder.Services.AddHostedService<RecurringScheduler>();
        builder.Services.AddSingleton<ScheduleOverview>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ScheduleOverview>());
        return builder;
    }
}
