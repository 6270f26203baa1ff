namespace JobQueue.Worker.Handlers;

/// <summary>The job types this worker runs, by name.</summary>
public sealed class JobHandlerRegistry
{
    private readonly Dictionary<string, JobHandler> _byType;

    /// <exception cref="InvalidOperationException">Two handlers run the same job type.</exception>
    public JobHandlerRegistry(IEnumerable<JobHandler> handlers)
    {
        _byType = new Dictionary<string, JobHandler>(StringComparer.Ordinal);
        foreach (var handler in handlers)
            if (!_byType.TryAdd(handler.JobType, handler))
                throw new InvalidOperationException($"Two handlers are registered for the job type '{handler.JobType}'.");
        Handlers = _byType.Values.OrderBy(h => h.JobType, StringComparer.Ordinal).ToArray();
        JobTypes = Handlers.Select(h => h.JobType).ToArray();
    }

    public IReadOnlyList<JobHandler> Handlers { get; }

    public IReadOnlyList<string> JobTypes { get; }

    public JobHandler? Find(string jobType) => _byType.GetValueOrDefault(jobType);
}
