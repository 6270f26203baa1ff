namespace JobQueue.Dashboard.Bulk;

/// <summary><c>POST /api/jobs/bulk/count</c>: how many jobs the operation would take now.</summary>
public sealed record BulkCount(BulkAction Action, BulkFilter Filter, int Count);
