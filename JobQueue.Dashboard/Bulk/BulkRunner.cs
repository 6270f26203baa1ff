using JobQueue.ServiceDefaults.Hosting;

namespace JobQueue.Dashboard.Bulk;

/// <summary>Runs the bulk operations started on this dashboard, one at a time, in the order they were started.</summary>
public sealed class BulkRunner(BulkJobs bulk, IServiceProvider services) : SupervisedBackgroundService(services)
{
    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in bulk.Pending.ReadAllAsync(stoppingToken))
            await bulk.RunAsync(id, stoppingToken);
    }
}
