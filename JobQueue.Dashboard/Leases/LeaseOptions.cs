namespace JobQueue.Dashboard.Leases;

/// <summary>The <c>Leases</c> section: how the once-only duties move between dashboard instances.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    /// <summary>How long a lease lasts without a renewal: an instance that dies is replaced within about this long.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the holder renews it, and how often the others try to take it.</summary>
    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);
}
