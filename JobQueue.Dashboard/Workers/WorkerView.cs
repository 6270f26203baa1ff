using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

public sealed record WorkerView(WorkerHeartbeat Last, WorkerDisplayState State, DateTime? StoppedAt)
{
    /// <summary>Heard from recently and not stopped: what "workers online" counts.</summary>
    public bool IsOnline => State is WorkerDisplayState.Active or WorkerDisplayState.Paused or WorkerDisplayState.Draining;
}
