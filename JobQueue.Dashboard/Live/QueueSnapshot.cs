namespace JobQueue.Dashboard.Live;

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
