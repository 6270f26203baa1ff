using JobQueue.Dashboard.Identity;

namespace JobQueue.Dashboard.Components.Overview;

/// <summary>Reads the database half of the overview (the live half, queues and workers, comes from memory).</summary>
public interface IOverviewReader
{
    Task<OverviewData> ReadAsync(JobViewer viewer, CancellationToken cancellationToken);
}
