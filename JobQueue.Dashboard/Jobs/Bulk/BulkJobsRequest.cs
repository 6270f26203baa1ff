namespace JobQueue.Dashboard.Jobs.Bulk;

/// <summary>
/// <c>POST /api/jobs/bulk</c>: <c>{"action": "cancel"|"retry"|"delete", "filter": {...}, "expectedCount"?: n}</c>. With
/// <c>expectedCount</c> (the count the caller confirmed), more matching jobs than that refuse the operation (409).
/// </summary>
public sealed record BulkJobsRequest(string? Action, BulkFilterRequest? Filter, int? ExpectedCount);

/// <summary>The filter as the API takes it: names as text, times in ISO 8601.</summary>
public sealed record BulkFilterRequest(string? Status, string? Type, string? Queue, string? Owner, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);
