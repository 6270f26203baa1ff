using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Recurring;

/// <param name="Occurrence">The schedule's occurrence it ran for; null for a run started by hand.</param>
public sealed record RecurringRunDto(Guid JobId, DateTime? Occurrence, DateTime CreatedAt, JobStatus Status, DateTime? FinishedAt);
