using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>
/// The retry rules, pure: a retriable failure with attempts left is tried again after the attempt's back-off; the last
/// one says how many attempts it had; a failure no attempt can mend (a bad payload) ends the job at once. The
/// workers apply it to their handlers' outcomes, the dashboard to the acks of HTTP workers and to expired leases.
/// </summary>
public static class OutcomePolicy
{
    /// <summary>The back-off before the attempt after <paramref name="failedAttempt"/>: the base, doubled per attempt, up to the cap.</summary>
    public static TimeSpan RetryDelay(TimeSpan baseDelay, TimeSpan maxDelay, int failedAttempt)
    {
        var doublings = Math.Clamp(failedAttempt - 1, 0, 30);
        var delay = baseDelay * Math.Pow(2, doublings);
        return delay < maxDelay ? delay : maxDelay;
    }

    public static Settlement Decide(HandlerOutcome outcome, int attempt, int maxAttempts, Func<int, TimeSpan> retryDelayAfter)
    {
        if (outcome.Kind is not { } kind)
            return new Settlement.Requeue();
        if (kind != JobEventKind.Failed || !outcome.Retriable)
            return new Settlement.Finish(kind, outcome.Result, outcome.Error);
        var error = outcome.Error ?? "failed";
        if (attempt < maxAttempts)
            return new Settlement.Retry(error, retryDelayAfter(attempt));
        return new Settlement.Finish(kind, null,
            maxAttempts > 1 ? $"{error} (attempt {attempt} of {maxAttempts}; no attempts left)" : error);
    }
}
