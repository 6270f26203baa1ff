namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>An HTTP worker as the dashboards know it: who it is, which key it uses, when it last fetched and what it did.</summary>
public sealed class HttpWorker
{
    public required string WorkerId { get; init; }
    public Guid WorkerKeyId { get; set; }
    public required string KeyName { get; set; }

    /// <summary>The queues it fetched from, comma-separated.</summary>
    public string Queues { get; set; } = "";

    /// <summary>The job types it asked for, comma-separated; empty for any.</summary>
    public string Types { get; set; } = "";

    public DateTime FirstSeenAt { get; set; }
    public DateTime LastFetchAt { get; set; }
    public long Processed { get; set; }
    public long Failed { get; set; }
}
