namespace JobQueue.Dashboard.Leases;

/// <summary>
/// A named lease in the database: the dashboard instance that holds it runs the duties it covers until
/// <see cref="ExpiresAt"/>, and renews it well before then; when it stops renewing, another instance takes it.
/// </summary>
public sealed class Lease
{
    public required string Name { get; init; }

    /// <summary>The instance that holds it (<see cref="DashboardInstance.Id"/>).</summary>
    public required string Holder { get; set; }

    /// <summary>When the holder took it (renewals keep this time).</summary>
    public DateTime AcquiredAt { get; set; }

    public DateTime ExpiresAt { get; set; }
}
