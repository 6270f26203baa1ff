using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Bulk;

/// <summary>Which jobs a bulk operation takes: every part may be left out. <see cref="Owner"/> (an e-mail) is for admins.</summary>
/// <param name="DeadLettered">Only jobs that have a dead letter (the dead letters' "requeue all").</param>
public sealed record BulkFilter(JobStatus? Status = null, string? Type = null, string? Queue = null, string? Owner = null,
    DateTime? CreatedFrom = null, DateTime? CreatedTo = null, bool DeadLettered = false);
