namespace JobQueue.Dashboard.Workers;

public enum WorkerDisplayState
{
    Active,
    Paused,
    Draining,
    Stale,
    Stopped,
}
