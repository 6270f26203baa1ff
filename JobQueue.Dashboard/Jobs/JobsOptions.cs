namespace JobQueue.Dashboard.Jobs;

/// <summary>The <c>Jobs</c> section: the outbox and the per-user submit rate.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How often the sweeper looks for stored jobs whose publish was never confirmed.</summary>
    public TimeSpan OutboxSweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How old an unconfirmed job must be before the sweeper publishes it again.</summary>
    public TimeSpan OutboxGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Jobs one user may submit per second, sustained; above it submits get 429 (API) or a message (form).</summary>
    public int SubmitRatePerSecond { get; set; } = 5_000;

    /// <summary>Jobs one user may submit at once before <see cref="SubmitRatePerSecond"/> applies.</summary>
    public int SubmitBurst { get; set; } = 10_000;

    public const int MaxIdempotencyKeyLength = 255;

    /// <summary>How long the answer to a submit with an <c>Idempotency-Key</c> is kept and given again for the same key.</summary>
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);
}
