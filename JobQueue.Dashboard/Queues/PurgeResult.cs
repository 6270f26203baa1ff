namespace JobQueue.Dashboard.Queues;

/// <param name="MessagesPurged">Messages the broker removed: waiting jobs, and any message that was not a stored job.</param>
/// <param name="JobsCancelled">Stored jobs that waited in the queue (or for their next attempt) and are now Cancelled.</param>
public sealed record PurgeResult(string Queue, long MessagesPurged, int JobsCancelled);
