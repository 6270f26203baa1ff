using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// A job as a page shows it in a list: what is fixed at submit and its <see cref="JobSnapshot"/>, which only
/// <see cref="JobReducer"/> changes, so a page shows exactly what the recorder stores. One row per job on the page;
/// it keeps its identity while its state moves on (the table's selection holds rows). Two rows of one job are equal:
/// MudTable keys its rows by item, so a reload that reads a job again keeps the components and DOM of its row and
/// changes only what differs (without it every reload rebuilt all rows in the browser).
/// </summary>
public sealed class JobRow(Guid id, string type, string queue, string ownerId, string owner, DateTime createdAt, JobSnapshot state)
    : IEquatable<JobRow>
{
    public Guid Id { get; } = id;
    public string Type { get; } = type;
    public string Queue { get; } = queue;
    public string OwnerId { get; } = ownerId;
    public string Owner { get; } = owner;
    public DateTime CreatedAt { get; } = createdAt;
    public JobSnapshot State { get; private set; } = state;

    public JobStatus Status => State.Status;
    public double Progress => State.Progress;
    public string? Result => State.Result;
    public string? Error => State.Error;
    public DateTime? StartedAt => State.StartedAt;
    public DateTime? FinishedAt => State.FinishedAt;

    public static JobRow From(Job job) => new(job.Id, job.Type, job.Queue, job.OwnerId, job.Owner, job.CreatedAt, job.Snapshot);

    /// <returns>The change the event made, or null when it changed nothing.</returns>
    public JobChange? Apply(JobEvent jobEvent)
    {
        if (JobReducer.Apply(State, jobEvent) is not { } change)
            return null;
        State = change.State;
        return change;
    }

    public void ApplyAll(IEnumerable<JobEvent> events)
    {
        foreach (var jobEvent in events)
            Apply(jobEvent);
    }

    public bool Equals(JobRow? other) => other is not null && other.Id == Id;

    public override bool Equals(object? obj) => Equals(obj as JobRow);

    public override int GetHashCode() => Id.GetHashCode();
}
