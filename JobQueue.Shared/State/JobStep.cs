using JobQueue.Shared.Contracts;

namespace JobQueue.Shared.State;

/// <summary>One entry of a job's timeline: the status it reached, when, in which attempt, on which worker, and why.</summary>
public sealed record JobStep(JobStatus Status, DateTime At, int Attempt, string? WorkerId = null, string? Note = null);
