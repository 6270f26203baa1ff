namespace JobQueue.Dashboard.Bulk;

/// <summary>
/// <c>POST /api/jobs/bulk</c>: <c>{"action": "cancel"|"retry"|"delete", "filter": {...}, "expectedCount"?: n}</c>. With
/// <c>expectedCount</c> (the count the caller confirmed), more matching jobs than that refuse the operation (409).
/// </summary>
public sealed record BulkJobsRequest(string? Action, BulkFilterRequest? Filter, int? ExpectedCount);
