using JobQueue.Dashboard.Live;

namespace JobQueue.Dashboard.Queues;

/// <summary>The latest figures of every JobQueue queue, as the pages and the monitor read them.</summary>
public interface IQueueStats
{
    /// <summary>Null until the queues have been read once.</summary>
    QueueStats? Latest { get; }
}
