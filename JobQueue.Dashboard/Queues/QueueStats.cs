namespace JobQueue.Dashboard.Queues;

/// <param name="Source">Where the figures came from: all of them, or only ready and consumers while the management API is away.</param>
public sealed record QueueStats(IReadOnlyList<QueueSnapshot> Queues, QueueStatsSource Source, DateTime At);
