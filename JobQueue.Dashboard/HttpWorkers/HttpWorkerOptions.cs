namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>The <c>HttpWorkers</c> section: the retry back-off of jobs that HTTP workers fail (as <c>Worker:Retry*</c> for .NET workers).</summary>
public sealed class HttpWorkerOptions
{
    public const string Section = "HttpWorkers";

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often expired leases are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);
}
