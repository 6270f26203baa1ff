using Xunit.Abstractions;

[assembly: TestCollectionOrderer("JobQueue.Tests.Infrastructure.LongestFirstOrderer", "JobQueue.Tests")]

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// Orders the test collections longest first (by <see cref="RunsAboutAttribute"/> on a collection's definition, or on
/// the class of a collection of one class), the rest after them in xunit's own order. xunit runs as many collections
/// at once as xunit.runner.json allows, each on a system of its own; starting the long ones first keeps the run from
/// ending on one of them alone. Collections that disable parallelisation run alone at the end whatever the order.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    private const string OneClassPrefix = "Test collection for ";

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.Select((collection, index) => (Collection: collection, Index: index, Seconds: SecondsOf(collection)))
            .OrderByDescending(c => c.Seconds)
            .ThenBy(c => c.Index)
            .Select(c => c.Collection)
            .ToList();

    private static int SecondsOf(ITestCollection collection)
    {
        var type = collection.CollectionDefinition;
        if (type is null && collection.DisplayName.StartsWith(OneClassPrefix, StringComparison.Ordinal))
            type = collection.TestAssembly.Assembly.GetType(collection.DisplayName[OneClassPrefix.Length..]);
        var hint = type?.GetCustomAttributes(typeof(RunsAboutAttribute)).FirstOrDefault();
        return hint?.GetNamedArgument<int>(nameof(RunsAboutAttribute.Seconds)) ?? 0;
    }
}
