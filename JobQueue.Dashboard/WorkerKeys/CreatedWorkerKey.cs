namespace JobQueue.Dashboard.WorkerKeys;

/// <summary>A new key: <see cref="Key"/> is shown this once.</summary>
public sealed record CreatedWorkerKey(WorkerKeyDto WorkerKey, string Key);
