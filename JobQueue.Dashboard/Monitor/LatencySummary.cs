namespace JobQueue.Dashboard.Monitor;

/// <summary>p50 and p95 of the durations in a window, in milliseconds; null when nothing was measured.</summary>
public sealed record LatencySummary(double? P50Ms, double? P95Ms, long Count);
