namespace JobQueue.Dashboard.Audit;

/// <summary>The actions the audit trail records, by name (what <c>GET /api/audit?action=</c> filters on).</summary>
public static class AuditActions
{
    public const string UserCreated = "user.created";
    public const string UserRoleSet = "user.role-set";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string QueueCreated = "queue.created";
    public const string QueueDeleted = "queue.deleted";
    public const string QueuePaused = "queue.paused";
    public const string QueueResumed = "queue.resumed";
    public const string QueuePurged = "queue.purged";
    public const string WorkerPaused = "worker.paused";
    public const string WorkerResumed = "worker.resumed";
    public const string WorkerDrained = "worker.drained";
    public const string WorkerConcurrencySet = "worker.concurrency-set";
    public const string DeadLetterRequeued = "dead-letter.requeued";
    public const string DeadLettersRequeuedAll = "dead-letters.requeued-all";
    public const string DeadLetterDeleted = "dead-letter.deleted";
    public const string DeadLettersDeletedAll = "dead-letters.deleted-all";
    public const string WallKeyCreated = "wall-key.created";
    public const string WallKeyRevoked = "wall-key.revoked";
    public const string WorkerKeyCreated = "worker-key.created";
    public const string WorkerKeyRevoked = "worker-key.revoked";
    public const string JobsBulkCancel = "jobs.bulk-cancel";
    public const string JobsBulkRetry = "jobs.bulk-retry";
    public const string JobsBulkDelete = "jobs.bulk-delete";
    public const string JobCancelled = "job.cancelled";
    public const string RecurringUpdated = "recurring.updated";
    public const string RecurringPaused = "recurring.paused";
    public const string RecurringResumed = "recurring.resumed";
    public const string RecurringRunNow = "recurring.run-now";
    public const string RecurringDeleted = "recurring.deleted";
    public const string JobTypeAdded = "job-type.added";
    public const string JobTypeChanged = "job-type.changed";

    public static readonly IReadOnlyList<string> All =
    [
        UserCreated, UserRoleSet, UserDisabled, UserEnabled,
        QueueCreated, QueueDeleted, QueuePaused, QueueResumed, QueuePurged,
        WorkerPaused, WorkerResumed, WorkerDrained, WorkerConcurrencySet,
        DeadLetterRequeued, DeadLettersRequeuedAll, DeadLetterDeleted, DeadLettersDeletedAll,
        WallKeyCreated, WallKeyRevoked, WorkerKeyCreated, WorkerKeyRevoked,
        JobsBulkCancel, JobsBulkRetry, JobsBulkDelete,
        JobCancelled, RecurringUpdated, RecurringPaused, RecurringResumed, RecurringRunNow, RecurringDeleted,
        JobTypeAdded, JobTypeChanged,
    ];
}
