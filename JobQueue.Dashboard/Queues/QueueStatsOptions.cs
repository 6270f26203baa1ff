namespace JobQueue.Dashboard.Queues;

public sealed class QueueStatsOptions
{
    public const string Section = "QueueStats";

    /// <summary>How often the queues are read and pushed to the pages.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The management API; empty means http://&lt;AMQP host&gt;:15672/ (one per node of RabbitMq:Nodes).</summary>
    public string? ManagementUrl { get; set; }

    /// <summary>
    /// Several management APIs (a cluster's nodes), tried in turn: the figures come from the first that answers, and
    /// stay with it while it does. Empty: <see cref="ManagementUrl"/>.
    /// </summary>
    public List<string> ManagementUrls { get; set; } = [];

    /// <summary>Empty means the user and password of the AMQP URI.</summary>
    public string? ManagementUser { get; set; }

    public string? ManagementPassword { get; set; }
}
