namespace JobQueue.Dashboard.Jobs;

public abstract record SubmitOutcome
{
    /// <summary>The jobs were stored as Queued, in the order they were submitted.</summary>
    public sealed record Accepted(IReadOnlyList<Job> Jobs) : SubmitOutcome
    {
        public Job Job => Jobs[0];
    }
    public sealed record Invalid(IDictionary<string, string[]> Errors) : SubmitOutcome;

    /// <summary>The user is over the submit rate; nothing was stored.</summary>
    public sealed record RateLimited(TimeSpan RetryAfter) : SubmitOutcome;

    /// <summary>The database could not store the job, so it was not taken: nothing was stored or published.</summary>
    public sealed record Unavailable(string Reason) : SubmitOutcome;

    /// <summary>The same user sent the same request with this Idempotency-Key before: its answer, as it was; nothing new was made.</summary>
    public sealed record Replayed(int StatusCode, string Body) : SubmitOutcome;

    /// <summary>An unfinished job of the same owner holds one of the unique keys: nothing was stored.</summary>
    public sealed record UniqueKeyTaken(string Key, Guid JobId, Shared.Contracts.JobStatus Status) : SubmitOutcome;

    /// <summary>The Idempotency-Key came with another request before: nothing was stored.</summary>
    public sealed record KeyReused : SubmitOutcome;
}
