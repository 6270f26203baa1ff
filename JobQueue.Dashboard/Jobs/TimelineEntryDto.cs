using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Jobs;

public sealed record TimelineEntryDto(JobStatus Status, DateTime At, int Attempt, string? WorkerId, string? Note);
