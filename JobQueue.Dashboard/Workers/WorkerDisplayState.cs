using System.Collections.Concurrent;
using JobQueue.Dashboard.Live;
using JobQueue.Shared.Contracts;

namespace JobQueue.Dashboard.Workers;

public enum WorkerDisplayState
{
    Active,
    Paused,
    Draining,
    Stale,
    Stopped,
}
