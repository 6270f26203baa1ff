using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>What a handler's run came to, before the retry rules are applied.</summary>
/// <param name="Kind">The outcome to publish, or null when the job was stopped by shutdown and must be requeued.</param>
/// <param name="Retriable">A failure another attempt may not repeat (an exception, a timeout), unlike a bad payload.</param>
public readonly record struct HandlerOutcome(JobEventKind? Kind, string? Result = null, string? Error = null, bool Retriable = false)
{
    public static HandlerOutcome StoppedByShutdown => new(null);
}
