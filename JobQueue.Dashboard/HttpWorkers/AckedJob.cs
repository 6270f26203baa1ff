namespace JobQueue.Dashboard.HttpWorkers;

/// <param name="Outcome">What the ack made of the job: <c>Succeeded</c>, <c>Failed</c>, or <c>Retrying</c> (another attempt is due at <paramref name="NextAttemptAt"/>).</param>
public sealed record AckedJob(Guid JobId, Shared.Contracts.JobEventKind Outcome, DateTime? NextAttemptAt);
