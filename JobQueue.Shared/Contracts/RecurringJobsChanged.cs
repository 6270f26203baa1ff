namespace JobQueue.Shared.Contracts;

/// <summary>
/// A dashboard stored a change to a recurring job (created, edited, paused, resumed, deleted) or fired it: every
/// dashboard instance's recurring page reads it again. Sent on <c>jobqueue.events</c> as
/// <c>dashboard.recurring.changed</c>, not persistent (a page that misses it shows the change at its next read).
/// </summary>
public sealed record RecurringJobsChanged(Guid RecurringJobId, string OwnerId, DateTime At);
