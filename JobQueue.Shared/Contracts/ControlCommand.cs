namespace JobQueue.Shared.Contracts;

public enum ControlCommandKind
{
    CancelJob,
}

/// <summary>A command on the <c>jobqueue.control</c> fanout; <see cref="WorkerId"/> null means every worker.</summary>
public sealed record ControlCommand(ControlCommandKind Kind, Guid? JobId = null, string? WorkerId = null)
{
    public static ControlCommand Cancel(Guid jobId) => new(ControlCommandKind.CancelJob, jobId);
}
