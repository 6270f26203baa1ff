namespace JobQueue.Dashboard.HttpWorkers;

/// <summary>
/// A job an HTTP worker fetched and has not yet settled: stored before the job's message is acked to the broker, so it
/// outlives the dashboard that granted it. Unacked past <see cref="ExpiresAt"/>, the job goes back to its queue with
/// the attempt counted (<see cref="LeaseSweeper"/>). An ack first records its outcome here, then publishes it, then
/// deletes the lease: a dashboard that dies in between leaves an acked lease, which the sweeper settles.
/// </summary>
public sealed class JobLease
{
    public Guid JobId { get; init; }
    public int Attempt { get; init; }
    public Guid WorkerKeyId { get; init; }
    public required string WorkerId { get; init; }
    public required string Queue { get; init; }
    public required string Type { get; init; }

    /// <summary>The job's owner, whose key seals <see cref="Message"/>, <see cref="Result"/> and <see cref="Error"/>.</summary>
    public string OwnerId { get; init; } = "";

    /// <summary>The job's message as it was fetched (JSON, sealed), for a fetch again, a retry, and the dead letters (<see cref="HttpWorkerService.MessageOf"/>).</summary>
    public required string Message { get; init; }

    public DateTime LeasedAt { get; init; }
    public DateTime ExpiresAt { get; set; }
    public int TimeToRecoverSeconds { get; init; }

    /// <summary>The job log lines the worker sent for this attempt, to number the next ones.</summary>
    public long Lines { get; set; }

    /// <summary>When the outcome was recorded (by an ack, or by the sweeper for an expired lease); null while it runs.</summary>
    public DateTime? SettledAt { get; set; }

    /// <summary>What the job came to: <c>Succeeded</c>, <c>Failed</c>, <c>Cancelled</c> or <c>Retrying</c>.</summary>
    public Shared.Contracts.JobEventKind? Outcome { get; set; }

    public string? Result { get; set; }
    public string? Error { get; set; }

    /// <summary>For a retry: when the next attempt is due.</summary>
    public DateTime? RetryAt { get; set; }
}
