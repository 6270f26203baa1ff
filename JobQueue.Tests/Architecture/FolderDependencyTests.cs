using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using static ArchUnitNET.Fluent.Slices.SliceRuleDefinition;

namespace JobQueue.Tests.Architecture;

/// <summary>
/// The folders of each process, as the compiled code uses them (every type a type names, in signatures, bodies and
/// attributes): no cycle between the worker's top-level folders; JobQueue.Shared depends on nothing of ours; the worker
/// on nothing of the dashboard's; the dashboard's pages on no stored data; and the dashboard's one cycle group may only
/// shrink (docs/design.md, "Architecture").
/// </summary>
public sealed class FolderDependencyTests
{
    private static readonly ArchUnitNET.Domain.Architecture Code = new ArchLoader().LoadAssemblies(
        typeof(JobQueue.Shared.Contracts.JobEvent).Assembly,
        typeof(JobQueue.Worker.JobQueueWorkerExtensions).Assembly,
        typeof(JobQueue.Dashboard.Data.JobQueueDbContext).Assembly,
        typeof(JobQueue.ServiceDefaults.Resilience.Pipelines).Assembly).Build();

    /// <summary>
    /// The dashboard's folders that still depend on each other in a circle (issue 30 takes them apart): a folder not in
    /// this list joining the group fails the test, and so does the group growing; remove a folder here once it leaves.
    /// </summary>
    private static readonly string[] DashboardCycleGroupToShrink =
    [
        "Broker", "DeadLetters", "HttpWorkers", "JobTypes", "Jobs", "Live", "Queues", "Telemetry", "Workers",
    ];


    [Fact]
    public void WorkerFolders_DependOnEachOther_WithoutACycle() =>
        Slices().Matching("JobQueue.Worker.(*)..").Should().BeFreeOfCycles().Check(Code);

    /// <summary>
    /// What JobQueue.Shared still uses of ours, to be moved out (issue 30): the RabbitMQ connection and its registration
    /// name their resilience pipelines from JobQueue.ServiceDefaults. Nothing may be added here.
    /// </summary>
    private static readonly (string From, string To)[] SharedUsesToRemove =
    [
        ("JobQueue.Shared.Messaging.RabbitMqConnection", "JobQueue.ServiceDefaults.Resilience"),
        ("JobQueue.Shared.Messaging.RabbitMqExtensions", "JobQueue.ServiceDefaults.Resilience"),
    ];

    [Fact]
    public void Shared_DependsOnNothingOfOurs_ButTheKnownUsesToRemove()
    {
        var ours = new System.Text.RegularExpressions.Regex(@"^JobQueue\.(Worker|Dashboard|ServiceDefaults|Client)(\.|$)");
        var uses = Code.Types
            .Where(t => (t.Namespace?.FullName ?? "") is var name && (name == "JobQueue.Shared" || name.StartsWith("JobQueue.Shared.", StringComparison.Ordinal)))
            .SelectMany(t => t.Dependencies.Select(d => (From: OuterName(t), To: d.Target.Namespace?.FullName ?? "")))
            .Where(use => ours.IsMatch(use.To))
            .Distinct()
            .ToList();
        uses.Where(use => !SharedUsesToRemove.Contains(use)).ShouldBeEmpty("JobQueue.Shared uses these of ours");
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

    [Fact]
    public void DashboardFolders_OnlyTheKnownCycleGroup_AndItDoesNotGrow()
    {
        var groups = CycleGroups(FolderGraph("JobQueue.Dashboard"));
        var known = DashboardCycleGroupToShrink.ToHashSet(StringComparer.Ordinal);
        foreach (var group in groups)
            group.ShouldBeSubsetOf(known, $"these folders depend on each other in a circle: {string.Join(", ", group.Order())}");
        groups.Count.ShouldBeLessThanOrEqualTo(1, "a second cycle group appeared");
    }

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
