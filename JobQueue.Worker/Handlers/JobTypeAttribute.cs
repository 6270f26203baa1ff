using JobQueue.Shared.JobTypes;

namespace JobQueue.Worker.Handlers;

/// <summary>The job type an <see cref="IJobHandler{TPayload, TResult}"/> runs, as the worker advertises it to the dashboards.</summary>
/// <param name="name">The type's name (1 to 64 characters: letters, digits, <c>_</c>, <c>.</c>, <c>-</c>), e.g. <c>resize_image</c>.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class JobTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>What a job of this type does, shown in the dashboard.</summary>
    public string? Description { get; init; }

    /// <summary>How long one attempt may run unless the job sets its own timeout.</summary>
    public int TimeoutSeconds { get; init; } = JobLimits.DefaultTimeoutSeconds;

    /// <summary>How many attempts a job gets unless its submitter chooses.</summary>
    public int MaxAttempts { get; init; } = JobLimits.DefaultMaxAttempts;
}
