namespace JobQueue.Dashboard.Leases;

public static class LeasesExtensions
{
    /// <summary>This instance's identity and the lease that decides whether it runs the once-only duties.</summary>
    public static IHostApplicationBuilder AddOnceOnlyDuties(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section)
            .Validate(o => o.RenewInterval >= TimeSpan.FromMilliseconds(100) && o.Duration >= 2 * o.RenewInterval,
                "Leases:RenewInterval must be at least 100 ms and Leases:Duration at least twice as long.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DashboardInstance>();
        builder.Services.AddSingleton<OnceOnlyDuties>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<OnceOnlyDuties>());
        return builder;
    }
}
