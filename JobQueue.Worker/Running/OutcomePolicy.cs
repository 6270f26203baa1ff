using JobQueue.Shared.Contracts;

namespace JobQueue.Worker.Running;

/// <summary>
/// The retry rules, pure: a retriable failure with attempts left is tried again after the attempt's back-off; the last
/// one says how many attempts it had; a failure no attempt can mend (a bad payload) ends the job at once.
/// </summary>
public static class OutcomePolicy
{
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
