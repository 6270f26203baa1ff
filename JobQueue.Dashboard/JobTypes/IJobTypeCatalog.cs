namespace JobQueue.Dashboard.JobTypes;

/// <summary>What pages and services read of the job type catalog (<see cref="JobTypeCatalog"/>); a fake stands in for it in component tests.</summary>
public interface IJobTypeCatalog
{
    /// <summary>Every known type, by name.</summary>
    IReadOnlyList<KnownJobType> All { get; }

    bool TryGet(string name, out KnownJobType type);

    /// <summary>How a message names the known types: "known types: a, b", or that none was advertised yet.</summary>
    string KnownTypesText => All.Count == 0
        ? "no worker has advertised a job type yet (start a worker)"
        : "known types: " + string.Join(", ", All.Select(t => t.Name));

    /// <summary>Before a submit is judged: learns the types it names that this instance has not heard of, if they are stored.</summary>
    Task LearnUnknownAsync(IEnumerable<string?> types, CancellationToken cancellationToken) => Task.CompletedTask;
}
