namespace JobQueue.Dashboard.Recurring;

public abstract record RecurringOutcome
{
    public sealed record Done(RecurringJobDto RecurringJob) : RecurringOutcome;

    /// <summary>Run now: the job it submitted.</summary>
    public sealed record Ran(Jobs.Job Job) : RecurringOutcome;
    public sealed record Invalid(IDictionary<string, string[]> Errors) : RecurringOutcome;
    public sealed record NotFound : RecurringOutcome;
    public sealed record Deleted : RecurringOutcome;
}
