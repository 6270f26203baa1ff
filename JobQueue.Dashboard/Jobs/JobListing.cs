namespace JobQueue.Dashboard.Jobs;

/// <summary>A page of jobs and how many match (see <see cref="JobPage.TotalIsLowerBound"/>).</summary>
public sealed record JobListing(IReadOnlyList<Job> Items, int Total, bool TotalIsLowerBound);
