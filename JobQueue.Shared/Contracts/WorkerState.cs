namespace JobQueue.Shared.Contracts;

/// <summary>What a worker says it is doing; the dashboard adds Stale (no recent heartbeat) and Stopped.</summary>
public enum WorkerState
{
    Active,
    Paused,
    Draining,
}
