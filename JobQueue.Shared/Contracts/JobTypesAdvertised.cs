namespace JobQueue.Shared.Contracts;

/// <summary>
/// <c>worker.job-types</c>: the job types a worker runs, sent when it starts and whenever a dashboard asks
/// (<see cref="ControlCommandKind.SendJobTypes"/>). Every dashboard keeps them in its catalog.
/// </summary>
public sealed record JobTypesAdvertised(string WorkerId, DateTime At, IReadOnlyList<JobTypeDefinition> Types);
