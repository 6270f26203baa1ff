namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>The <c>HttpWorkers</c> section: the retry back-off of jobs that HTTP workers fail (as <c>Worker:Retry*</c> for .NET workers).</summary>
public sealed class HttpWorkerOptions
{
    public const string Section = "HttpWorkers";

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often expired leases are looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most worker ids one worker key may have in use (fetched within <see cref="WorkerIdKeptFor"/>).</summary>
    public int MaxWorkerIdsPerKey { get; set; } = 100;

    /// <summary>How long a worker id stays its key's after its last fetch (and while it holds a lease); then another key may take it.</summary>
    public TimeSpan WorkerIdKeptFor { get; set; } = TimeSpan.FromMinutes(10);
}
