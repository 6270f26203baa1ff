using System.Text.RegularExpressions;
using JobQueue.Shared.Contracts;
using RabbitMQ.Client;

namespace JobQueue.Shared.Messaging;

/// <summary>The RabbitMQ names of DESIGN.md. They are contracts between the dashboard and the workers.</summary>
public static partial class Topology
{
    public const string JobsExchange = "jobqueue.jobs";
    public const string EventsExchange = "jobqueue.events";
    public const string ControlExchange = "jobqueue.control";
    public const string DeadExchange = "jobqueue.dead";
    public const string RetryExchange = "jobqueue.retry";
    public const string RetryQueuePrefix = "jobqueue.retry.";
    public const string DeadQueue = "jobqueue.dead";
    public const string RecorderQueue = "jobqueue.recorder";
    public const string JobQueuePrefix = "jobqueue.queue.";
    public const string DefaultQueue = "default";

    public const string WorkerEventsPrefix = "job.";
    public const string DashboardEventsPrefix = "dashboard.job.";
    public const string WorkerEventBatchRoutingKey = WorkerEventsPrefix + JobEventBatch.KindName;
    public const string HeartbeatRoutingKey = "worker.heartbeat";
    public const string WorkerStoppedRoutingKey = "worker.stopped";
    public const string WorkerLogRoutingKey = "worker.log";
    public const string JobTypesRoutingKey = "worker.job-types";
    public const string QueuesChangedRoutingKey = "dashboard.queues.changed";
    public const string RecurringChangedRoutingKey = "dashboard.recurring.changed";

    /// <summary>The broker queue of <paramref name="queue"/>'s normal-priority jobs: <c>jobqueue.queue.&lt;name&gt;</c>.</summary>
    public static string JobQueueName(string queue) => JobQueuePrefix + queue;

    /// <summary>
    /// The broker queue of one priority of a job queue (docs/design.md, "Priorities"): <c>jobqueue.queue.&lt;name&gt;</c>
    /// for normal, with <c>:high</c> or <c>:low</c> after it for the others. A queue name never holds ':', so no queue's
    /// name is another's priority queue, and the broker's policies on <c>jobqueue.queue.*</c> cover all three.
    /// </summary>
    public static string JobQueueName(string queue, JobPriority priority) => JobQueuePrefix + JobRoutingKey(queue, priority);

    /// <summary>The routing key on <see cref="JobsExchange"/> of a job of <paramref name="queue"/> with <paramref name="priority"/>.</summary>
    public static string JobRoutingKey(string queue, JobPriority priority) => priority switch
    {
        JobPriority.High => queue + ":high",
        JobPriority.Low => queue + ":low",
        _ => queue,
    };

    /// <summary>Every priority, highest first.</summary>
    public static IReadOnlyList<JobPriority> Priorities { get; } = [JobPriority.High, JobPriority.Normal, JobPriority.Low];

    /// <summary>The job queue and priority a broker queue holds, or null for a broker queue that is not a job queue.</summary>
    public static (string Queue, JobPriority Priority)? ParseJobQueueName(string brokerQueue)
    {
        if (!brokerQueue.StartsWith(JobQueuePrefix, StringComparison.Ordinal))
            return null;
        var key = brokerQueue[JobQueuePrefix.Length..];
        return key.EndsWith(":high", StringComparison.Ordinal) ? (key[..^5], JobPriority.High)
            : key.EndsWith(":low", StringComparison.Ordinal) ? (key[..^4], JobPriority.Low)
            : (key, JobPriority.Normal);
    }

    /// <returns>null when <paramref name="queue"/> is a usable queue name, else what is wrong with it.</returns>
    public static string? ValidateQueueName(string? queue) =>
        queue is not null && QueueNamePattern().IsMatch(queue)
            ? null
            : "The queue name must be 1 to 64 characters: lower-case letters, digits, '-', '_' or '.'.";

    public static async Task DeclareExchangesAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(JobsExchange, ExchangeType.Direct, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(ControlExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(DeadExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(RetryExchange, ExchangeType.Direct, durable: true, cancellationToken: cancellationToken);
        await channel.QueueDeclareAsync(DeadQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: QueueArguments(JobQueueKind.Quorum, deadLetter: false), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(DeadQueue, DeadExchange, routingKey: "", cancellationToken: cancellationToken);
    }

    /// <summary>Declares the three priority queues of a job queue, each bound to <see cref="JobsExchange"/> by its routing key.</summary>
    public static async Task DeclareJobQueueAsync(IChannel channel, string queue, JobQueueKind kind, CancellationToken cancellationToken)
    {
        foreach (var priority in Priorities)
        {
            var name = JobQueueName(queue, priority);
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false,
                arguments: QueueArguments(kind, deadLetter: true), cancellationToken: cancellationToken);
            await channel.QueueBindAsync(name, JobsExchange, routingKey: JobRoutingKey(queue, priority), cancellationToken: cancellationToken);
        }
    }

    /// <summary>The name of a delay, as its retry queue carries it: <c>500ms</c>, <c>4s</c>, <c>5m</c>.</summary>
    public static string DelayName(TimeSpan delay) =>
        delay.TotalSeconds % 60 == 0 && delay >= TimeSpan.FromMinutes(1) ? $"{(long)delay.TotalMinutes}m"
        : delay.Milliseconds == 0 ? $"{(long)delay.TotalSeconds}s"
        : $"{(long)delay.TotalMilliseconds}ms";

    public static string RetryQueueName(TimeSpan delay) => RetryQueuePrefix + DelayName(delay);

    /// <summary>
    /// The key that routes a retry into its delay queue. The ':' keeps it apart from every queue name, because the
    /// same message also carries its job queue's name as a CC key (see <see cref="RetryHeaders"/>).
    /// </summary>
    public static string RetryRoutingKey(TimeSpan delay) => "retry:" + DelayName(delay);

    /// <summary>
    /// Headers that send a retry back to <paramref name="queue"/> (its priority's queue) when its delay is over: the delay queue
    /// dead-letters expired messages to <see cref="JobsExchange"/> with their original routing keys, and a CC key
    /// is one of them, so the job queue's name comes along without one delay queue per job queue.
    /// </summary>
    public static Dictionary<string, object?> RetryHeaders(string queue, JobPriority priority) =>
        new() { ["CC"] = new List<object?> { JobRoutingKey(queue, priority) } };

    /// <summary>
    /// Declares <c>jobqueue.retry.&lt;delay&gt;</c>: messages wait there for the delay, then go back to
    /// <see cref="JobsExchange"/>. A quorum queue with at-least-once dead-lettering, so a retry survives a broker
    /// restart and is never dropped between the two queues.
    /// </summary>
    public static async Task DeclareRetryQueueAsync(IChannel channel, TimeSpan delay, CancellationToken cancellationToken)
    {
        var name = RetryQueueName(delay);
        await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-message-ttl"] = (long)delay.TotalMilliseconds,
            ["x-dead-letter-exchange"] = JobsExchange,
            ["x-dead-letter-strategy"] = "at-least-once",
            ["x-overflow"] = "reject-publish",
        }, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(name, RetryExchange, RetryRoutingKey(delay), cancellationToken: cancellationToken);
    }

    /// <summary>Declares <c>jobqueue.recorder</c>, bound to every worker job event (<c>job.#</c>).</summary>
    public static async Task DeclareRecorderQueueAsync(IChannel channel, JobQueueKind kind, CancellationToken cancellationToken)
    {
        await channel.QueueDeclareAsync(RecorderQueue, durable: true, exclusive: false, autoDelete: false,
            arguments: QueueArguments(kind, deadLetter: false), cancellationToken: cancellationToken);
        await channel.QueueBindAsync(RecorderQueue, EventsExchange, WorkerEventsPrefix + "#", cancellationToken: cancellationToken);
    }

    private static Dictionary<string, object?> QueueArguments(JobQueueKind kind, bool deadLetter)
    {
        var arguments = new Dictionary<string, object?>
        {
            ["x-queue-type"] = kind == JobQueueKind.Quorum ? "quorum" : "classic",
        };
        if (deadLetter)
            arguments["x-dead-letter-exchange"] = DeadExchange;
        return arguments;
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z")]
    private static partial Regex QueueNamePattern();
}
