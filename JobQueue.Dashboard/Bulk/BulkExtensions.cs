namespace JobQueue.Dashboard.Bulk;

public static class BulkExtensions
{
    /// <summary>Bulk operations over jobs and dead letters (<see cref="BulkJobs"/>), run in batches by <see cref="BulkRunner"/>.</summary>
    public static IHostApplicationBuilder AddBulkOperations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<BulkJobs>();
        builder.Services.AddHostedService<BulkRunner>();
        return builder;
    }
}
