using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;

namespace JobQueue.Worker.Consuming;

/// <summary>Publishes this worker's job events on <c>jobqueue.events</c> as <c>job.&lt;kind&gt;</c>, each confirmed.</summary>
public sealed class JobEventPublisher(ConfirmingPublisher publisher, WorkerIdentity identity, TimeProvider time)
{
    public Task PublishAsync(JobMessage job, JobEventKind kind, CancellationToken cancellationToken,
        double? progress = null, string? result = null, string? error = null, bool redelivered = false, DateTime? startedAt = null,
        DateTime? retryAt = null)
    {
        var jobEvent = new JobEvent(job.JobId, kind, job.Attempt, job.OwnerId, time.GetUtcNow().UtcDateTime,
            identity.Id, job.Type, job.Queue, progress, result, error, redelivered, job.SubmittedAt, startedAt, retryAt);
        var routingKey = Topology.WorkerEventsPrefix + jobEvent.KindName;
        // Progress is superseded by the next report, so it need not survive a broker restart.
        var persistent = kind != JobEventKind.Progress;
        return publisher.PublishAsync(Topology.EventsExchange, routingKey, jobEvent, routingKey, persistent,
            cancellationToken: cancellationToken);
    }
}
