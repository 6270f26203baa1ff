using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using Microsoft.Extensions.Options;

namespace JobQueue.Dashboard.Jobs;

/// <summary>What the dashboard puts on the broker: jobs, cancels, and notices of the changes it made itself.</summary>
public sealed class JobPublisher(ConfirmingPublisher publisher, IOptions<RabbitMqOptions> options, TimeProvider time)
{
    private readonly DeclaredOnce<string> _jobQueues = new(publisher,
        (channel, queue) => Topology.DeclareJobQueueAsync(channel, queue, options.Value.QueueType, CancellationToken.None));

    /// <summary>The queues this instance has published jobs to.</summary>
    public IEnumerable<string> KnownQueues => _jobQueues.Keys;

    /// <summary>Publishes a job to its queue and returns once the broker has confirmed it.</summary>
    public Task PublishJobAsync(JobMessage job, CancellationToken cancellationToken) =>
        _jobQueues.PublishAsync(job.Queue, () =>
            // Mandatory: a job that no queue takes comes back as an error instead of vanishing.
            publisher.PublishAsync(Topology.JobsExchange, job.Queue, job, "job", persistent: true,
                messageId: job.JobId.ToString("N"), mandatory: true, cancellationToken: cancellationToken),
            cancellationToken);

    public Task PublishCancelAsync(Guid jobId, CancellationToken cancellationToken) =>
        PublishControlAsync(ControlCommand.Cancel(jobId), cancellationToken);

    /// <summary>A command for one worker (<see cref="ControlCommand.WorkerId"/>) or all, on the control fanout.</summary>
    public Task PublishControlAsync(ControlCommand command, CancellationToken cancellationToken) =>
        publisher.PublishAsync(Topology.ControlExchange, "", command, $"control.{command.Kind.ToString().ToLowerInvariant()}",
            persistent: false, cancellationToken: cancellationToken);

    /// <summary>
    /// Tells every dashboard's live view about changes this dashboard stored itself (the recorder never sees them):
    /// one <c>dashboard.job.&lt;kind&gt;</c> message for one job, one <c>dashboard.job.batch</c> for several.
    /// </summary>
    public Task PublishNoticesAsync(IReadOnlyList<Job> jobs, JobEventKind kind, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var notices = jobs.Select(job => new JobEvent(job.Id, kind, job.Attempt, job.OwnerId, now, job.WorkerId,
            job.Type, job.Queue, job.Progress, SubmittedAt: job.CreatedAt)).ToList();
        return publisher.PublishJobEventsAsync(Topology.DashboardEventsPrefix, notices, persistent: false, cancellationToken);
    }
}
