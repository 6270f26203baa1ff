using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.JobTypes;

namespace JobQueue.Dashboard.Jobs;

public sealed class Job
{
    public Guid Id { get; init; }
    public required string Type { get; init; }
    public required string Queue { get; init; }
    public JobStatus Status { get; private set; } = JobStatus.Queued;

    /// <summary>The payload as JSON text, exactly as submitted.</summary>
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

    public JobState State => new(Status, Attempt, Progress);

    public static Job Submit(Guid id, string type, string queue, string payload, string ownerId, string owner, DateTime now,
        int maxAttempts = JobLimits.DefaultMaxAttempts, int? timeoutSeconds = null)
    {
        var job = new Job
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
        };
        job.Timeline.Add(new JobTimelineEntry { JobId = id, Status = JobStatus.Queued, At = now, Attempt = 1 });
        return job;
    }

    /// <summary>The event that tells live views about a change the dashboard made to this job itself.</summary>
    public JobEvent ToNotice(JobEventKind kind, DateTime at) =>
        new(Id, kind, Attempt, OwnerId, at, WorkerId, Type, Queue, Progress, SubmittedAt: CreatedAt);

    public JobMessage ToMessage()
    {
        using var payload = JsonDocument.Parse(Payload);
        return new JobMessage(Id, Type, Queue, payload.RootElement.Clone(), Attempt, OwnerId, CreatedAt, MaxAttempts, TimeoutSeconds);
    }

    /// <summary>Applies a worker's event if it moves the job forward (see <see cref="JobTransitions"/>).</summary>
    /// <returns>true when the job changed.</returns>
    public bool Apply(JobEvent jobEvent)
    {
        if (JobTransitions.Apply(State, jobEvent.Kind, jobEvent.Attempt, jobEvent.Progress) is not { } next)
            return ApplyRedelivery(jobEvent);

        var statusChanged = next.Status != Status || next.Attempt != Attempt;
        // The worker left out job.started for an attempt that finished before it went out: its outcome says when the
        // attempt started, which the timeline shows as it would have.
        if (jobEvent.Kind != JobEventKind.Started && jobEvent.StartedAt is { } attemptStarted && next.Status != JobStatus.Running
            && (Status is JobStatus.Queued or JobStatus.Retrying || next.Attempt > Attempt))
        {
            Status = JobStatus.Running;
            Attempt = next.Attempt;
            AddTimeline(attemptStarted, jobEvent.WorkerId, null);
        }
        Status = next.Status;
        Attempt = next.Attempt;
        Progress = next.Progress;
        WorkerId = jobEvent.WorkerId ?? WorkerId;
        // A worker leaves out job.started for a job that finished before the event went out; its outcome says when it started.
        if (StartedAt is null && (next.Status == JobStatus.Running || jobEvent.StartedAt is not null))
            StartedAt = jobEvent.StartedAt ?? jobEvent.At;
        if (JobTransitions.IsTerminal(next.Status))
        {
            FinishedAt = jobEvent.At;
            Result = jobEvent.Result;
            Error = jobEvent.Error;
        }
        else if (next.Status == JobStatus.Retrying)
        {
            Error = jobEvent.Error;
        }
        NextAttemptAt = next.Status == JobStatus.Retrying ? jobEvent.RetryAt : null;
        if (statusChanged)
            AddTimeline(jobEvent.At, jobEvent.WorkerId, TimelineNote(jobEvent));
        Version++;
        return true;
    }

    private string? TimelineNote(JobEvent jobEvent) => jobEvent.Kind == JobEventKind.Retrying
        ? $"attempt {jobEvent.Attempt} of {MaxAttempts} failed: {jobEvent.Error}"
            + (jobEvent.RetryAt is { } retryAt ? $"; next attempt at {retryAt:HH:mm:ss} UTC" : "")
        : jobEvent.Error;

    /// <summary>A job another worker took over after its first worker died: same attempt, new worker.</summary>
    private bool ApplyRedelivery(JobEvent jobEvent)
    {
        if (jobEvent is not { Kind: JobEventKind.Started, Redelivered: true } || Status is not (JobStatus.Running or JobStatus.Cancelling)
            || jobEvent.Attempt != Attempt || jobEvent.WorkerId is null || jobEvent.WorkerId == WorkerId)
            return false;
        WorkerId = jobEvent.WorkerId;
        Progress = 0;
        AddTimeline(jobEvent.At, jobEvent.WorkerId, "redelivered to another worker");
        Version++;
        return true;
    }

    /// <summary>A user's cancel: a queued job is cancelled at once, a running one waits for its worker to confirm.</summary>
    /// <returns>The kind of change made, or null when the job has already finished.</returns>
    public JobEventKind? RequestCancel(DateTime now)
    {
        switch (Status)
        {
            case JobStatus.Queued:
                Status = JobStatus.Cancelled;
                FinishedAt = now;
                AddTimeline(now, null, "cancelled before a worker took it");
                break;
            case JobStatus.Retrying:
                // Its next attempt waits in a retry queue, not on a worker; if that attempt has just started, the
                // cancel sent to every worker stops it, and a late start is answered with the cancel again.
                Status = JobStatus.Cancelled;
                FinishedAt = now;
                NextAttemptAt = null;
                AddTimeline(now, null, "cancelled while waiting to retry");
                break;
            case JobStatus.Running:
                Status = JobStatus.Cancelling;
                AddTimeline(now, WorkerId, "cancel requested");
                break;
            case JobStatus.Cancelling:
                return JobEventKind.Cancelling;
            default:
                return null;
        }
        Version++;
        return Status == JobStatus.Cancelled ? JobEventKind.Cancelled : JobEventKind.Cancelling;
    }

    /// <summary>The job's queue was purged or deleted while the job waited: in it (Queued), or for its next attempt (Retrying).</summary>
    /// <returns>false when the job was no longer waiting.</returns>
    public bool CancelWaiting(DateTime now, string note)
    {
        if (Status is not (JobStatus.Queued or JobStatus.Retrying))
            return false;
        Status = JobStatus.Cancelled;
        FinishedAt = now;
        NextAttemptAt = null;
        AddTimeline(now, null, note);
        Version++;
        return true;
    }

    /// <summary>An admin sent a failed job back to its queue from the dead letters: a new attempt, published afresh.</summary>
    /// <returns>false when the job has not failed.</returns>
    public bool Requeue(DateTime now, string by)
    {
        if (Status != JobStatus.Failed)
            return false;
        Status = JobStatus.Queued;
        Attempt++;
        Progress = 0;
        Result = null;
        Error = null;
        StartedAt = null;
        FinishedAt = null;
        WorkerId = null;
        PublishedAt = null;
        NextAttemptAt = null;
        AddTimeline(now, null, $"requeued from the dead letters by {by}");
        Version++;
        return true;
    }

    private void AddTimeline(DateTime at, string? workerId, string? note) =>
        Timeline.Add(new JobTimelineEntry { JobId = Id, Status = Status, At = at, Attempt = Attempt, WorkerId = workerId, Note = note });
}

public sealed class JobTimelineEntry
{
    public long Id { get; init; }
    public Guid JobId { get; init; }
    public JobStatus Status { get; init; }
    public DateTime At { get; init; }
    public int Attempt { get; init; }
    public string? WorkerId { get; init; }
    public string? Note { get; init; }
}
