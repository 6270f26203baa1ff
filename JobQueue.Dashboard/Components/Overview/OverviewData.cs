using JobQueue.Dashboard.Audit;
using JobQueue.Dashboard.Jobs;

namespace JobQueue.Dashboard.Components.Overview;

/// <summary>What the overview reads from the database: the viewer's counts by status, their latest failures, and for an admin the latest admin actions.</summary>
public sealed record OverviewData(JobCounts Counts, IReadOnlyList<Job> RecentFailures, IReadOnlyList<AuditEntryDto>? LatestAdminActions);
