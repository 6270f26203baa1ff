namespace JobQueue.Dashboard.Jobs;

/// <summary>The <c>Jobs</c> section: the outbox, the scheduler, retention and the per-user submit rate.</summary>
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

    public const int MaxUniqueKeyLength = 200;

    /// <summary>The longest a job may be delayed (<c>runAt</c>, <c>delaySeconds</c>): a year.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromDays(366);

    /// <summary>How often the scheduler looks for scheduled jobs that are due; a due job waits at most about this long.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How late a recurring job's occurrence may be and still run as itself (a lease changing hands, a restart); older
    /// ones were missed, and the recurring job's missed policy decides (run once, or skip).
    /// </summary>
    public TimeSpan RecurringCatchUp { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The most recurring jobs one user may have (admins may have more).</summary>
    public int MaxRecurringJobsPerUser { get; set; } = 100;

    /// <summary>The shortest time a user's recurring job may leave between two runs (an admin may create shorter ones).</summary>
    public TimeSpan MinRecurringInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long finished jobs (Succeeded, Failed, Cancelled) and their timelines are kept before they are deleted.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long dead letters are kept before they are deleted.</summary>
    public TimeSpan DeadLetterRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often retention looks for what it must delete.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the answer to a submit with an <c>Idempotency-Key</c> is kept and given again for the same key.</summary>
    public TimeSpan IdempotencyKeyLifetime { get; set; } = TimeSpan.FromHours(24);
}
