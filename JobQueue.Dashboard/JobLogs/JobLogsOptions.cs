using System.ComponentModel.DataAnnotations;

namespace JobQueue.Dashboard.JobLogs;

/// <summary>The <c>JobLogs</c> section.</summary>
public sealed class JobLogsOptions
{
    public const string Section = "JobLogs";

    /// <summary>The newest lines of each job's log that are kept (all attempts together); older ones are deleted as new ones come.</summary>
    [Range(10, 100_000)]
    public int MaxLinesPerJob { get; set; } = 1000;
}
