using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs;

/// <summary>One job as its page shows it: its <see cref="JobRow"/>, payload, timeout, timing, priority and whole timeline, kept live by the reducer.</summary>
public sealed class JobView(JobRow row, string payload, int? timeoutSeconds, IEnumerable<JobStep> history, DateTime? runAt = null,
    JobPriority priority = JobPriority.Normal, string? uniqueKey = null, Guid? recurringJobId = null)
{
    private readonly List<JobStep> _history = [.. history];

    public JobRow Row { get; } = row;
    public JobSnapshot State => Row.State;
    public string Payload { get; } = payload;
    public int? TimeoutSeconds { get; } = timeoutSeconds;
    public IReadOnlyList<JobStep> History => _history;

    /// <summary>When a job submitted to run later is due.</summary>
    public DateTime? RunAt { get; } = runAt;
    public JobPriority Priority { get; } = priority;
    public string? UniqueKey { get; } = uniqueKey;

    /// <summary>The recurring job this job is a run of.</summary>
    public Guid? RecurringJobId { get; } = recurringJobId;

    public static JobView From(Job job) =>
        new(JobRow.From(job), job.Payload, job.TimeoutSeconds, job.History, job.RunAt, job.Priority, job.UniqueKey, job.RecurringJobId);

    public void Apply(JobEvent jobEvent)
    {
        if (Row.Apply(jobEvent) is { } change)
            _history.AddRange(change.Steps);
    }

    public void ApplyAll(IEnumerable<JobEvent> events)
    {
        foreach (var jobEvent in events)
            Apply(jobEvent);
    }
}
