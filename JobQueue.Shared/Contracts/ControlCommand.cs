namespace JobQueue.Shared.Contracts;

/// <summary>A command on the <c>jobqueue.control</c> fanout; <see cref="WorkerId"/> null means every worker.</summary>
public sealed record ControlCommand(ControlCommandKind Kind, Guid? JobId = null, string? WorkerId = null, int? Concurrency = null, string? Queue = null,
    IReadOnlyList<Guid>? JobIds = null)
{
    public const int MinConcurrency = 1;
    public const int MaxConcurrency = 64;

    public static ControlCommand Cancel(Guid jobId) => new(ControlCommandKind.CancelJob, jobId);
}
