using System.ComponentModel.DataAnnotations;

namespace JobQueue.Worker.Core;

public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Empty means &lt;host&gt;-&lt;pid&gt;.</summary>
    public string? Id { get; set; }

    /// <summary>The queues (names after <c>jobqueue.queue.</c>) this worker consumes; none configured means <c>default</c>.</summary>
    // Not initialised to ["default"]: the configuration binder appends to an array's initial items.
    public string[] Queues { get; set; } = [];

    /// <summary>Jobs run at once; also the prefetch of each queue's consumer.</summary>
    /// <remarks>
    /// Handlers are async, so a slot waiting on I/O or on the broker's confirm of its outcome holds no thread. A short
    /// job spends most of its life waiting for that confirm (milliseconds), so slots, not CPU, bound a worker's rate:
    /// at 8 slots two workers managed about 1,200 trivial jobs a second on two cores (docs/benchmarks.md).
    /// </remarks>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 32;

    /// <summary>On shutdown, how long running jobs may go on before they are stopped and requeued.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the second attempt of a failed job; each later attempt waits twice as long.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, however many there were.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A job message larger than this is poison: dead-lettered unread. The dashboard accepts 64 KiB bodies.</summary>
    [Range(1024, 128 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 256 * 1024;

    /// <summary>The most job events one <c>job.batch</c> message carries.</summary>
    [Range(1, 10_000)]
    public int MaxEventsPerMessage { get; set; } = 1000;

    /// <summary>
    /// The most job log lines of one job waiting to be sent: a handler that writes faster than they go out loses its
    /// oldest waiting lines, not its memory or its speed (the dashboard keeps each job's newest lines in any case).
    /// </summary>
    [Range(10, 1_000_000)]
    public int JobLogBuffer { get; set; } = 1000;

    /// <summary>The lowest level of a handler's line that goes to the job log.</summary>
    public LogLevel JobLogLevel { get; set; } = LogLevel.Information;

    /// <summary>This process's newest log lines (Information and above) kept for the dashboards' worker page.</summary>
    [Range(10, 100_000)]
    public int LogLines { get; set; } = 1000;

    /// <summary>How often new log lines of this process are sent to the dashboards.</summary>
    public TimeSpan LogPublishInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Exponential backoff: base, 2 x base, 4 x base, ... capped at <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryDelayAfter(int failedAttempt) =>
        JobQueue.Shared.State.OutcomePolicy.RetryDelay(RetryBaseDelay, RetryMaxDelay, failedAttempt);
}
