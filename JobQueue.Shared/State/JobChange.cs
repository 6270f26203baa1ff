namespace JobQueue.Shared.State;

/// <summary>What one event or action did to a job: its new state and the timeline entries it adds (none, one, or two).</summary>
public sealed record JobChange(JobSnapshot State, IReadOnlyList<JobStep> Steps);
