namespace JobQueue.Dashboard.JobTypes;

public static class JobTypesExtensions
{
    /// <summary>The catalog of job types the workers advertise, stored so it outlives them, and what feeds it.</summary>
    public static IHostApplicationBuilder AddJobTypes(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobTypeCatalog>();
        builder.Services.AddSingleton<IJobTypeCatalog>(sp => sp.GetRequiredService<JobTypeCatalog>());
        builder.Services.AddHostedService(sp => sp.GetRequiredService<JobTypeCatalog>());
        builder.Services.AddSingleton<JobTypeAdvertisements>();
        // Created at start-up, so it hears the stream from its first event.
        builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<JobTypeAdvertisements>());
        return builder;
    }
}
