using JobQueue.Shared.State;

namespace JobQueue.Dashboard.Jobs.Store;

/// <param name="Changed">How many jobs the batch changed.</param>
/// <param name="Unknown">Events for jobs this database does not have (another system's, or deleted): ignored.</param>
/// <param name="Recancel">Jobs a worker started, or reported progress of, although they were already cancelled: their cancel must be sent again.</param>
/// <param name="Accepted">The events that changed a job (what the metrics count: a redelivered event is not counted twice).</param>
public sealed record AppliedEvents(int Changed, int Unknown, IReadOnlyList<Guid> Recancel, IReadOnlyList<AcceptedEvent> Accepted);
