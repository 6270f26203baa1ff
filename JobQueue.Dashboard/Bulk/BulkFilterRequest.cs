namespace JobQueue.Dashboard.Bulk;

/// <summary>The filter as the API takes it: names as text, times in ISO 8601.</summary>
public sealed record BulkFilterRequest(string? Status, string? Type, string? Queue, string? Owner, DateTimeOffset? CreatedFrom, DateTimeOffset? CreatedTo);
