namespace JobQueue.Client;

/// <summary>One step of a job's life, as its page's timeline shows it.</summary>
public sealed record TimelineEntry(JobStatus Status, DateTime At, int Attempt, string? WorkerId, string? Note);
