namespace JobQueue.Dashboard.DeadLetters;

public abstract record DeadLetterChange
{
    public sealed record Requeued(Guid JobId) : DeadLetterChange;
    public sealed record Deleted : DeadLetterChange;
    public sealed record Refused(string Reason) : DeadLetterChange;
    public sealed record NotFound : DeadLetterChange;
}
