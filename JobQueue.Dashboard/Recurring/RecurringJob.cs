using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Dashboard.Recurring;

/// <summary>
/// A job that runs on a cron schedule in a time zone: its template (what each run submits), its policies, its owner and
/// where it stands (<see cref="NextRunAt"/>, the last run, how many occurrences it skipped). Each run is an ordinary job
/// carrying <see cref="Jobs.Job.RecurringJobId"/> and its occurrence, which the database keeps unique.
/// </summary>
public sealed class RecurringJob
{
    public const int MaxNameLength = 100;
    public const int MaxCronLength = 100;

    public Guid Id { get; init; }
    public required string Name { get; set; }
    public required string Cron { get; set; }
    public required string TimeZone { get; set; }
    public required string Type { get; set; }

    /// <summary>The payload as JSON text, as each run gets it.</summary>
    public required string Payload { get; set; }
    public required string Queue { get; set; }
    public JobPriority Priority { get; set; } = JobPriority.Normal;
    public int MaxAttempts { get; set; } = JobLimits.DefaultMaxAttempts;
    public int? TimeoutSeconds { get; set; }
    public OverlapPolicy Overlap { get; set; }
    public MissedPolicy Missed { get; set; }
    public required string OwnerId { get; init; }
    public required string Owner { get; init; }
    public bool Paused { get; set; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>The next occurrence (UTC) not yet fired; null while paused.</summary>
    public DateTime? NextRunAt { get; set; }
    public DateTime? LastRunAt { get; set; }
    public Guid? LastJobId { get; set; }

    /// <summary>Occurrences not run: skipped for overlap, or missed and skipped.</summary>
    public int SkippedCount { get; set; }
    public DateTime? LastSkippedAt { get; set; }
    public string? LastSkipReason { get; set; }

    /// <summary>Optimistic concurrency: the scheduler and an edit may touch the same row at once.</summary>
    public int Version { get; set; }
}
