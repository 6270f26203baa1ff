namespace JobQueue.Dashboard.Live;

public sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>Most messages this instance's live queue holds; past that the oldest are dropped (nothing durable is lost).</summary>
    public int QueueMaxLength { get; set; } = 100_000;

    /// <summary>The most hub connections one user may have open on one dashboard; one more is refused.</summary>
    public int MaxHubConnectionsPerUser { get; set; } = 50;
}
