using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Recurring;

/// <param name="Next">The next five occurrences (UTC); none while paused.</param>
/// <param name="History">Its latest runs, newest first (only a single recurring job's answer carries them).</param>
public sealed record RecurringJobDto(
    Guid Id,
    string Name,
    string Cron,
    string TimeZone,
    RecurringJobTemplateDto Job,
    string Overlap,
    string Missed,
    string Owner,
    bool Paused,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? NextRunAt,
    IReadOnlyList<DateTime> Next,
    DateTime? LastRunAt,
    Guid? LastJobId,
    JobStatus? LastJobStatus,
    int SkippedCount,
    DateTime? LastSkippedAt,
    string? LastSkipReason,
    IReadOnlyList<RecurringRunDto>? History = null);
