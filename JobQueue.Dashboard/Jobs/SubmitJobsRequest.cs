namespace JobQueue.Dashboard.Jobs;

/// <summary>The body of <c>POST /api/jobs/batch</c>.</summary>
public sealed record SubmitJobsRequest(IReadOnlyList<SubmitJobRequest>? Jobs);
