namespace JobQueue.Dashboard.Jobs;

/// <summary>The answer to a batch submit: the stored jobs, in the order they were submitted.</summary>
public sealed record SubmittedJobs(IReadOnlyList<JobDto> Jobs);
