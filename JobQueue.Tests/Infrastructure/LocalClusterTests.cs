namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// The tests that run on the local 3-node RabbitMQ cluster (scripts/cluster.sh) and kill or count its nodes: one at a
/// time, as they share the cluster, but beside the other collections, which use the tests' own broker.
/// </summary>
[CollectionDefinition(Name)]
[RunsAbout(Seconds = 150)]
public sealed class LocalClusterTests
{
    public const string Name = "The local RabbitMQ cluster";
}
