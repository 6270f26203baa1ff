using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Live;

public abstract record LiveEvent
{
    public sealed record JobChanged(JobEvent Event) : LiveEvent;

    /// <summary>A bulk operation run by this instance moved (a batch done, or its end): read it again.</summary>
    public sealed record BulkProgressed(Guid OperationId) : LiveEvent;

    /// <summary>A worker's own log lines.</summary>
    public sealed record WorkerLogged(WorkerLogLines Log) : LiveEvent;

    /// <summary>This instance's live queue is bound and consumed (at start-up, and again after the broker came back).</summary>
    public sealed record StreamStarted : LiveEvent;

    /// <summary>A line of a job's own log, as its worker sent it.</summary>
    public sealed record JobLogged(JobLogLine Line) : LiveEvent;
    public sealed record WorkerBeat(WorkerHeartbeat Heartbeat) : LiveEvent;
    public sealed record WorkerGone(WorkerStopped Stopped) : LiveEvent;
    public sealed record QueuesChanged(QueueStats Stats) : LiveEvent;

    /// <summary>This instance stored, requeued or deleted a dead letter.</summary>
    public sealed record DeadLettersChanged : LiveEvent;

    /// <summary>An admin created or deleted a queue on this instance.</summary>
    public sealed record QueueListChanged : LiveEvent;

    /// <summary>A dashboard instance (this one or another) stored a change to the queues or their pauses.</summary>
    public sealed record QueuesStored(QueueDefinitionsChanged Change) : LiveEvent;

    /// <summary>A dashboard instance (this one or another) changed a recurring job or fired it.</summary>
    public sealed record RecurringStored(RecurringJobsChanged Change) : LiveEvent;

    /// <summary>A worker advertised the job types it runs.</summary>
    public sealed record JobTypesAdvertised(JobQueue.Shared.Contracts.JobTypesAdvertised Advertised) : LiveEvent;

    /// <summary>This instance's job type catalog changed: a type was added, or its schema, description or defaults changed.</summary>
    public sealed record JobTypesChanged : LiveEvent;
}
