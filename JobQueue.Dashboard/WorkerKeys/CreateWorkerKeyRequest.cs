namespace JobQueue.Dashboard.WorkerKeys;

/// <param name="Queues">The queues the key may fetch from; none or left out for any.</param>
/// <param name="Types">The job types it may take; none or left out for any.</param>
public sealed record CreateWorkerKeyRequest(string? Name, IReadOnlyList<string>? Queues, IReadOnlyList<string>? Types);
