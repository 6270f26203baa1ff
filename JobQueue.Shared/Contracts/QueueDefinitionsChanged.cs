namespace JobQueue.Shared.Contracts;

/// <summary>
/// A dashboard stored a change to the queues (created, deleted, paused, resumed): every dashboard instance reads its
/// queue list and pauses again at once instead of at its next refresh. Sent on <c>jobqueue.events</c> as
/// <c>dashboard.queues.changed</c>; the recorder (bound to <c>job.#</c>) never sees it.
/// </summary>
public sealed record QueueDefinitionsChanged(string Queue, DateTime At);
