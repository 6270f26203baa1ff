using JobQueue.Dashboard.Bulk;

namespace JobQueue.Dashboard.Components.Jobs;

/// <summary>How the pages word a bulk operation: its button, its question, its progress.</summary>
public static class BulkFormat
{
    public static string Title(BulkAction action, bool deadLettered = false) => action switch
    {
        BulkAction.Cancel => "Cancel all matching",
        BulkAction.Retry when deadLettered => "Requeue all dead letters",
        BulkAction.Retry => "Retry all matching failed",
        BulkAction.DeleteDeadLetters => "Delete all dead letters",
        _ => "Delete all matching finished",
    };

    public static string Verb(BulkAction action) => action switch
    {
        BulkAction.Cancel => "cancel",
        BulkAction.Retry => "requeue",
        _ => "delete",
    };

    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Progress(BulkOperationDto bulk)
    {
        var what = bulk.Action == BulkAction.DeleteDeadLetters ? "dead letter(s)" : "job(s)";
        return bulk.Status switch
        {
            BulkOperationStatus.Done => $"Done: {Past(bulk.Action)} {bulk.Done:N0} of {bulk.Total:N0} {what}.",
            BulkOperationStatus.Failed => $"Stopped after {bulk.Done:N0} of {bulk.Total:N0} {what}: {bulk.Error}",
            BulkOperationStatus.Interrupted => $"Interrupted after {bulk.Done:N0} of {bulk.Total:N0} {what}; run it again for the rest.",
            _ => $"{Capitalized(Verb(bulk.Action))}: {bulk.Done:N0} of {bulk.Total:N0} {what}…",
        };
    }

    private static string Past(BulkAction action) => action switch
    {
        BulkAction.Cancel => "cancelled",
        BulkAction.Retry => "requeued",
        _ => "deleted",
    };
}
