using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>What the worker does with a job once its handler has returned (<see cref="OutcomePolicy"/>).</summary>
public abstract record Settlement
{
    private Settlement()
    {
    }

    /// <summary>Back to its queue, unacknowledged, for this or another worker: the worker is shutting down.</summary>
    public sealed record Requeue : Settlement;

    /// <summary>This attempt failed and another one is due after <paramref name="Delay"/>.</summary>
    public sealed record Retry(string Error, TimeSpan Delay) : Settlement;

    /// <summary>The job ends with <paramref name="Kind"/>; a failure is also dead-lettered.</summary>
    public sealed record Finish(JobEventKind Kind, string? Result, string? Error) : Settlement
    {
        public bool DeadLetter => Kind == JobEventKind.Failed;
    }
}
