namespace JobQueue.Shared.Messaging;

public enum JobQueueKind
{
    Quorum,
    Classic,
}

public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";

    /// <summary>AMQP URI; the JOBQUEUE_RABBITMQ environment variable overrides it.</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>The type of the durable <c>jobqueue.queue.&lt;name&gt;</c> queues.</summary>
    public JobQueueKind QueueType { get; set; } = JobQueueKind.Quorum;

    /// <summary>How many unconfirmed publishes one channel may have in flight.</summary>
    public int MaxOutstandingConfirms { get; set; } = 4096;
}
