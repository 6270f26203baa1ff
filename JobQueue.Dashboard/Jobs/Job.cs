using JobQueue.Dashboard.Encryption;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;
using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs;

public sealed class Job
{
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public JobStatus Status { get; private set; } = JobStatus.Queued;
    public JobPriority Priority { get; init; } = JobPriority.Normal;

    /// <summary>While a job of this owner with this key is not finished, another submit with the key is refused (409).</summary>
    public string? UniqueKey { get; init; }

    /// <summary>When a job submitted to run later is due; null for a job that ran as soon as it could.</summary>
    public DateTime? RunAt { get; init; }

    /// <summary>The recurring job this job is a run of, if any.</summary>
    public Guid? RecurringJobId { get; init; }

    /// <summary>The occurrence of <see cref="RecurringJobId"/>'s schedule this run is for; null for a run started by hand.</summary>
    public DateTime? Occurrence { get; init; }

    /// <summary>When the job last became Queued (its submit, its release when due, a requeue): the outbox's clock.</summary>
    public DateTime? QueuedAt { get; private set; }

    /// <summary>The payload as JSON text, exactly as submitted; stored sealed for the owner (<see cref="JobDataProtector"/>), as are <see cref="Result"/>, <see cref="Error"/> and the timeline's notes.</summary>
    public required string Payload { get; init; }

    public string? Result { get; private set; }
    public string? Error { get; private set; }
    public double Progress { get; private set; }
    public int Attempt { get; private set; } = 1;

    /// <summary>How many attempts the job gets before it is Failed (1 to 10).</summary>
    public int MaxAttempts { get; init; } = JobLimits.DefaultMaxAttempts;

    /// <summary>How long one attempt may run, as the submitter set it; null means the job type's default.</summary>
    public int? TimeoutSeconds { get; init; }

    /// <summary>When a Retrying job's next attempt is due.</summary>
    public DateTime? NextAttemptAt { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public string? WorkerId { get; private set; }
    public required string OwnerId { get; init; }
    public required string Owner { get; init; }

    /// <summary>When the broker confirmed the job message; null until then, which is what the outbox sweeper looks for.</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>Optimistic concurrency token: the recorder and a cancel may touch the same job at once.</summary>
    public int Version { get; private set; }

    public List<JobTimelineEntry> Timeline { get; } = [];

    /// <summary>What changes while the job lives, for <see cref="JobReducer"/>.</summary>
    public JobSnapshot Snapshot => new(Status, Attempt, Progress, MaxAttempts, WorkerId, StartedAt, FinishedAt, NextAttemptAt, Result, Error);

    /// <summary>The whole timeline, oldest first: the submit (implied by <see cref="CreatedAt"/>, not stored) and the stored entries.</summary>
    public IEnumerable<JobStep> History =>
        Timeline.OrderBy(t => t.At).ThenBy(t => t.Id).Select(t => t.ToStep())
            .Prepend(RunAt is { } runAt
                ? new JobStep(JobStatus.Scheduled, CreatedAt, 1, Note: $"to run at {runAt:yyyy-MM-dd HH:mm:ss} UTC")
                : new JobStep(JobStatus.Queued, CreatedAt, 1));

    /// <param name="runAt">When it is due, if later than <paramref name="now"/>: the job is Scheduled until then.</param>
    public static Job Submit(Guid id, string type, string queue, string payload, string ownerId, string owner, DateTime now,
        int maxAttempts = JobLimits.DefaultMaxAttempts, int? timeoutSeconds = null, DateTime? runAt = null,
        JobPriority priority = JobPriority.Normal, string? uniqueKey = null, Guid? recurringJobId = null, DateTime? occurrence = null)
    {
        var scheduled = runAt > now;
        return new Job
        {
            MaxAttempts = maxAttempts,
            TimeoutSeconds = timeoutSeconds,
            Id = id,
            Type = type,
            Queue = queue,
            Payload = payload,
            OwnerId = ownerId,
            Owner = owner,
            CreatedAt = now,
            Priority = priority,
            UniqueKey = uniqueKey,
            RunAt = scheduled ? runAt : null,
            Status = scheduled ? JobStatus.Scheduled : JobStatus.Queued,
            QueuedAt = scheduled ? null : now,
            RecurringJobId = recurringJobId,
            Occurrence = occurrence,
        };
    }

    /// <summary>The event that tells live views about a change the dashboard made to this job itself.</summary>
    public JobEvent ToNotice(JobEventKind kind, DateTime at) =>
        new(Id, kind, Attempt, OwnerId, at, WorkerId, Type, Queue, Progress, SubmittedAt: CreatedAt);

    /// <summary>The message a worker gets, its payload opened (a job just submitted has it in clear already).</summary>
    public JobMessage ToMessage(JobDataProtector data) =>
        new(Id, Type, Queue, data.OpenJson(OwnerId, Payload), Attempt, OwnerId, CreatedAt, MaxAttempts, TimeoutSeconds, Priority);

    /// <summary>A copy of the job as it is stored: its payload, result, error and notes sealed for its owner.</summary>
    public Job Sealed(JobDataProtector data) => WithData(text => data.Seal(OwnerId, text));

    /// <summary>A copy of a stored job to show or send, its data opened; not for saving.</summary>
    public Job Opened(JobDataProtector data) => WithData(text => data.Open(OwnerId, text));

    private Job WithData(Func<string?, string?> map)
    {
        var copy = new Job
        {
            Id = Id, Type = Type, Queue = Queue, Status = Status, Priority = Priority, UniqueKey = UniqueKey, RunAt = RunAt,
            RecurringJobId = RecurringJobId, Occurrence = Occurrence, QueuedAt = QueuedAt, Payload = map(Payload)!,
            Result = map(Result), Error = map(Error), Progress = Progress, Attempt = Attempt, MaxAttempts = MaxAttempts,
            TimeoutSeconds = TimeoutSeconds, NextAttemptAt = NextAttemptAt, CreatedAt = CreatedAt, StartedAt = StartedAt,
            FinishedAt = FinishedAt, WorkerId = WorkerId, OwnerId = OwnerId, Owner = Owner, PublishedAt = PublishedAt, Version = Version,
        };
        copy.Timeline.AddRange(Timeline.Select(t => t.Note is null ? t : t.WithNote(map(t.Note))));
        return copy;
    }

    /// <summary>A scheduled job is due (<see cref="JobReducer.Release"/>): it becomes Queued and is published afresh.</summary>
    /// <returns>false when it is no longer Scheduled.</returns>
    public bool Release(DateTime now)
    {
        if (!Take(JobReducer.Release(Snapshot, now)))
            return false;
        QueuedAt = now;
        return true;
    }

    /// <summary>Applies a worker's event if it moves the job forward (<see cref="JobReducer.Apply"/>).</summary>
    /// <returns>true when the job changed.</returns>
    public bool Apply(JobEvent jobEvent) => Take(JobReducer.Apply(Snapshot, jobEvent));

    /// <summary>A user's cancel (<see cref="JobReducer.RequestCancel"/>).</summary>
    /// <returns>The kind of change made, or null when the job has already finished.</returns>
    public JobEventKind? RequestCancel(DateTime now)
    {
        Take(JobReducer.RequestCancel(Snapshot, now, out var notice));
        return notice;
    }

    /// <summary>The job's queue was purged or deleted while the job waited (<see cref="JobReducer.CancelWaiting"/>).</summary>
    /// <returns>false when the job was no longer waiting.</returns>
    public bool CancelWaiting(DateTime now, string note) => Take(JobReducer.CancelWaiting(Snapshot, now, note));

    /// <summary>An admin sent a failed job back to its queue (<see cref="JobReducer.Requeue"/>); it is published afresh.</summary>
    /// <returns>false when the job has not failed.</returns>
    public bool Requeue(DateTime now, string by)
    {
        if (!Take(JobReducer.Requeue(Snapshot, now, by)))
            return false;
        PublishedAt = null;
        QueuedAt = now;
        return true;
    }

    /// <summary>Takes a change the reducer made: the new state, the timeline entries, a new version.</summary>
    public bool Take(JobChange? change)
    {
        if (change is null)
            return false;
        var state = change.State;
        Status = state.Status;
        Attempt = state.Attempt;
        Progress = state.Progress;
        WorkerId = state.WorkerId;
        StartedAt = state.StartedAt;
        FinishedAt = state.FinishedAt;
        NextAttemptAt = state.NextAttemptAt;
        Result = state.Result;
        Error = state.Error;
        foreach (var step in change.Steps)
            Timeline.Add(JobTimelineEntry.From(Id, step));
        Version++;
        return true;
    }
}
