namespace JobQueue.Dashboard.Queues;

/// <summary>What an admin's change to a queue came to.</summary>
public abstract record QueueChange
{
    public sealed record Done(string Queue, bool Paused) : QueueChange;
    public sealed record Purged(PurgeResult Result) : QueueChange;
    public sealed record Created(QueueDto Queue) : QueueChange;
    public sealed record Deleted(PurgeResult Result) : QueueChange;
    public sealed record Invalid(string Error) : QueueChange;

    /// <summary>The change cannot be made as things are (it exists already, jobs wait or run in it, it is <c>default</c>).</summary>
    public sealed record Conflict(string Reason) : QueueChange;

    public sealed record NotFound : QueueChange;
}
