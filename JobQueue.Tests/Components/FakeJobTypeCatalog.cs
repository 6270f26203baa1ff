using JobQueue.Dashboard.JobTypes;
using JobQueue.Worker.Handlers;
using JobQueue.Worker.Handlers.BuiltIn;

namespace JobQueue.Tests.Components;

/// <summary>A catalog holding the types of the handlers given (by default the built-in ones), as if their workers had advertised them.</summary>
public sealed class FakeJobTypeCatalog(params Type[] handlers) : IJobTypeCatalog
{
    public static readonly Type[] BuiltIn = [typeof(FibonacciHandler), typeof(ReverseStringHandler), typeof(SleepHandler), typeof(UppercaseTextHandler)];

    private static readonly DateTime Advertised = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);

    public IReadOnlyList<KnownJobType> All { get; } = (handlers.Length == 0 ? BuiltIn : handlers)
        .Select(JobHandler.For)
        .Select(h => new KnownJobType(h.Definition, h.Schema, Advertised, Advertised, "test-worker", "workers"))
        .OrderBy(t => t.Name, StringComparer.Ordinal)
        .ToList();

    public bool TryGet(string name, out KnownJobType type)
    {
        type = All.FirstOrDefault(t => t.Name == name)!;
        return type is not null;
    }
}
