namespace JobQueue.Dashboard.Live;

/// <param name="Source">Where the figures came from: all of them, or only ready and consumers while the management API is away.</param>
/// <param name="At">When ready and consumers were read (AMQP, each interval; the management API's when AMQP did not answer).</param>
/// <param name="DetailsAt">When unacked, totals and rates were read from the management API; null while it does not answer.</param>
public sealed record QueueStats(IReadOnlyList<QueueSnapshot> Queues, QueueStatsSource Source, DateTime At, DateTime? DetailsAt = null);
