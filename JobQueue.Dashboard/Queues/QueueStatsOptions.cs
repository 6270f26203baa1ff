namespace JobQueue.Dashboard.Queues;

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
