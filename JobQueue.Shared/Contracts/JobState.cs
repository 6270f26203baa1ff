namespace JobQueue.Shared.Contracts;

/// <summary>Where a job stands, as far as the forward-only transition rules care.</summary>
public readonly record struct JobState(JobStatus Status, int Attempt, double Progress);
