namespace JobQueue.Dashboard.Queues;

public enum QueueStatsSource
{
    /// <summary>The RabbitMQ management HTTP API: every figure.</summary>
    Management,

    /// <summary>AMQP passive declares, where the management plugin is off: ready and consumers only.</summary>
    Amqp,
}

/// <summary>One JobQueue queue (the name after <c>jobqueue.queue.</c>) at one moment; null figures are unknown to the source.</summary>
public sealed record QueueSnapshot(
    string Name,
    long Ready,
    long? Unacked,
    long? Total,
    long Consumers,
    double? PublishRate,
    double? DeliverRate,
    double? AckRate);

public sealed record QueueStats(IReadOnlyList<QueueSnapshot> Queues, QueueStatsSource Source, DateTime At);

public sealed class QueueStatsOptions
{
    public const string Section = "QueueStats";

    /// <summary>How often the queues are read and pushed to the pages.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The management API; empty means http://&lt;AMQP host&gt;:15672/.</summary>
    public string? ManagementUrl { get; set; }

    /// <summary>Empty means the user and password of the AMQP URI.</summary>
    public string? ManagementUser { get; set; }

    public string? ManagementPassword { get; set; }
}
