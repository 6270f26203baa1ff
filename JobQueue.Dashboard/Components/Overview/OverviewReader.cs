using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Identity;
using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Components.Overview;

public sealed class OverviewReader(Scoped<JobReader> jobs, AuditLog audit) : IOverviewReader
{
    public const int RecentFailureCount = 5;
    public const int AdminActionCount = 5;

    public async Task<OverviewData> ReadAsync(JobViewer viewer, CancellationToken cancellationToken)
    {
        var counts = await jobs.RunAsync(s => s.CountByStatusAsync(viewer, cancellationToken));
        // An admin sees every job, so "recent failures" are their own: the overview is where a user starts.
        var own = viewer with { IsAdmin = false };
        var failures = counts[JobStatus.Failed] == 0 ? []
            : (await jobs.RunAsync(s => s.ListAsync(new JobFilter(JobStatus.Failed, PageSize: RecentFailureCount), own, cancellationToken))).Items;
        var actions = viewer.IsAdmin ? (await audit.ListAsync(new AuditFilter(PageSize: AdminActionCount), cancellationToken)).Items : null;
        return new OverviewData(counts, failures, actions);
    }
}
