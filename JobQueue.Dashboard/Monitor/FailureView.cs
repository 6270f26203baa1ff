namespace JobQueue.Dashboard.Monitor;

/// <summary>One of the latest failures. What a viewer sees of it is cut to what they may see (<see cref="MonitorViewer"/>).</summary>
/// <param name="JobId">Null where the viewer may not know which job it was.</param>
/// <param name="Error">Null where the viewer may not read it.</param>
/// <param name="OwnerId">Whose job it was; only the monitor itself keeps it.</param>
public sealed record FailureView(Guid? JobId, string? Type, string? Queue, string? Error, string? WorkerId, DateTime At, string? OwnerId = null);
