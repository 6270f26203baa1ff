namespace JobQueue.Shared.Contracts;

/// <summary>
/// How soon a job runs among the jobs waiting in its queue (docs/design.md, "Priorities"): each priority has its own
/// quorum queue, and workers take from them by weight, so high goes first and low is never starved.
/// </summary>
public enum JobPriority
{
    High,
    Normal,
    Low,
}
