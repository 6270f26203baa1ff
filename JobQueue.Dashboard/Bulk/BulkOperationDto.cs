using System.Text.Json;

namespace JobQueue.Dashboard.Bulk;

public sealed record BulkOperationDto(Guid Id, BulkAction Action, BulkFilter Filter, string Owner, DateTime CreatedAt, DateTime? FinishedAt,
    BulkOperationStatus Status, int Total, int Done, string? Error)
{
    public static BulkOperationDto From(BulkOperation operation) => new(operation.Id, operation.Action,
        JsonSerializer.Deserialize<BulkFilter>(operation.Filter, BulkJobs.FilterJson)!, operation.Owner, operation.CreatedAt,
        operation.FinishedAt, operation.Status, operation.Total, operation.Done, operation.Error);
}
