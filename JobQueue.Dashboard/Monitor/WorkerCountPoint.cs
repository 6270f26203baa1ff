namespace JobQueue.Dashboard.Monitor;

/// <summary>The number of online workers from <see cref="At"/> until the next point.</summary>
public sealed record WorkerCountPoint(DateTime At, int Online);
