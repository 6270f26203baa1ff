namespace JobQueue.Client;

/// <summary>Where the dashboard is and who signs in to it.</summary>
public sealed class JobQueueClientOptions
{
    /// <summary>The dashboard's address, e.g. <c>http://127.0.0.1:5080/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    public string? Email { get; set; }
    public string? Password { get; set; }

    /// <summary>How long one call may take, retries included (each attempt gets a third of it).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(90);
}
