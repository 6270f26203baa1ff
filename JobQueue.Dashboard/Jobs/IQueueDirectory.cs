namespace JobQueue.Dashboard.Jobs;

/// <summary>
/// What a submit needs to know of the queues: whether the one it names may take jobs. The queues' catalog
/// (<c>Queues/QueueCatalog</c>) answers; the jobs know nothing more of queues, so queue administration, which cancels
/// the jobs of a purged or deleted queue, sits above them.
/// </summary>
public interface IQueueDirectory
{
    /// <summary>Why a submit to <paramref name="queue"/> is refused, or null when it exists.</summary>
    string? ValidateForSubmit(string queue);

    /// <summary>Learns of queues another dashboard created since this one last looked, before a submit to them is judged.</summary>
    Task LearnUnknownAsync(IEnumerable<string> queues, CancellationToken cancellationToken);
}
