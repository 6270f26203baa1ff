namespace JobQueue.Worker.Advertising;

public static class AdvertisingExtensions
{
    /// <summary>Advertises the job types this worker runs, at start and when a dashboard asks.</summary>
    public static IHostApplicationBuilder AddJobTypeAdvertising(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobTypeAdvertiser>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobTypeAdvertiser>());
        return builder;
    }
}
