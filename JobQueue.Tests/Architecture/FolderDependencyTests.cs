using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace JobQueue.Tests.Architecture;

/// <summary>
/// The folders of each process, as the compiled code uses them (every type a type names, in signatures, bodies and
/// attributes): no cycle between the worker's top-level folders; JobQueue.Shared depends on nothing of ours; the worker
/// on nothing of the dashboard's; no cycle between the dashboard's top-level folders either, and its pages use no stored
/// data (docs/design.md, "Architecture").
/// </summary>
public sealed class FolderDependencyTests
{
    private static readonly ArchUnitNET.Domain.Architecture Code = new ArchLoader().LoadAssemblies(
        typeof(JobQueue.Shared.Contracts.JobEvent).Assembly,
        typeof(JobQueue.Worker.JobQueueWorkerExtensions).Assembly,
        typeof(JobQueue.Dashboard.Data.JobQueueDbContext).Assembly,
        typeof(JobQueue.ServiceDefaults.Resilience.ResilienceExtensions).Assembly).Build();

    [Fact]
    public void WorkerFolders_DependOnEachOther_WithoutACycle() =>
        Slices().Matching("JobQueue.Worker.(*)..").Should().BeFreeOfCycles().Check(Code);

    /// <summary>
    /// By top-level folder, a sub-folder counted with its parent (<c>Jobs/Store</c> is part of Jobs): the layers are the
    /// folders, as docs/design.md draws them.
    /// </summary>
    [Fact]
    public void DashboardFolders_DependOnEachOther_WithoutACycle() =>
        CycleGroups(FolderGraph("JobQueue.Dashboard")).Select(group => string.Join(", ", group.Order(StringComparer.Ordinal)))
            .ShouldBeEmpty("these folders depend on each other in a circle");

    [Fact]
    public void Shared_DependsOnNothingOfOurs()
    {
        var ours = new System.Text.RegularExpressions.Regex(@"^JobQueue\.(Worker|Dashboard|ServiceDefaults|Client)(\.|$)");
        var uses = Code.Types
            .Where(t => (t.Namespace?.FullName ?? "") is var name && (name == "JobQueue.Shared" || name.StartsWith("JobQueue.Shared.", StringComparison.Ordinal)))
            .SelectMany(t => t.Dependencies.Select(d => (From: OuterName(t), To: d.Target.Namespace?.FullName ?? "")))
            .Where(use => ours.IsMatch(use.To))
            .Distinct()
            .ToList();
        uses.ShouldBeEmpty("JobQueue.Shared uses these of ours");
    }

    /// <summary>A type's name, or for a nested or compiler-made type the name of the type it is in.</summary>
    private static string OuterName(IType type) =>
        type.FullName.Split('+', '<', '/')[0];

    [Fact]
    public void Worker_DependsOnNothingOfTheDashboards() =>
        Types().That().ResideInNamespaceMatching(@"^JobQueue\.Worker(\..*)?$").Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^JobQueue\.Dashboard(\..*)?$"))
            .Check(Code);

    [Fact]
    public void DashboardPages_UseNoDatabase() =>
        Types().That().ResideInNamespaceMatching(@"^JobQueue\.Dashboard\.Components(\..*)?$").Should()
            .NotDependOnAny(Types().That().ResideInNamespaceMatching(@"^JobQueue\.Dashboard\.Data(\..*)?$"))
            .Check(Code);

    /// <summary>Which top-level folder of <paramref name="project"/> uses which (a type's namespace names its folder).</summary>
    private static Dictionary<string, HashSet<string>> FolderGraph(string project)
    {
        var prefix = project + ".";
        string? Folder(IType type) =>
            type.Namespace?.FullName is { } name && name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..].Split('.')[0] : null;
        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var type in Code.Types)
        {
            if (Folder(type) is not { } from)
                continue;
            var uses = graph.TryGetValue(from, out var set) ? set : graph[from] = new HashSet<string>(StringComparer.Ordinal);
            foreach (var dependency in type.Dependencies)
                if (Folder(dependency.Target) is { } to && to != from)
                    uses.Add(to);
        }
        return graph;
    }

    /// <summary>The strongly connected groups of more than one folder (Tarjan's algorithm).</summary>
    private static List<HashSet<string>> CycleGroups(Dictionary<string, HashSet<string>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<HashSet<string>>();
        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.GetValueOrDefault(node) ?? [])
            {
                if (index.TryGetValue(next, out var seen))
                {
                    if (onStack.Contains(next))
                        low[node] = Math.Min(low[node], seen);
                }
                else
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
            }
            if (low[node] != index[node])
                return;
            var group = new HashSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                group.Add(member);
            }
            while (member != node);
            if (group.Count > 1)
                groups.Add(group);
        }
        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(node))
                Visit(node);
        return groups;
    }
}
