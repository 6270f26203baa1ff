namespace JobQueue.Dashboard.Monitor;

/// <summary>Jobs that reached an end in one second.</summary>
public sealed record ThroughputPoint(DateTime At, int Succeeded, int Failed, int Cancelled);
