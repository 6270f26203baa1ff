namespace JobQueue.Tests.Infrastructure;

/// <summary>A RabbitMQ the tests run systems on: its AMQP URI (vhost left out), its management API, and its nodes.</summary>
/// <param name="Nodes">The cluster's nodes as <c>host:port</c>, passed to every process as <c>RabbitMq:Nodes</c>; empty for one broker.</param>
public sealed record TestBroker(string AmqpUri, Uri ManagementUrl, IReadOnlyList<string> Nodes)
{
    /// <summary>The tests' broker: JOBQUEUE_RABBITMQ (set by test.sh), its management API on port 15672.</summary>
    public static TestBroker Default { get; } = new(TestPaths.RabbitMqUri, new Uri($"http://{new Uri(TestPaths.RabbitMqUri).Host}:15672/"), []);

    /// <summary>The 3-node cluster of <c>scripts/cluster.sh</c> (<see cref="LocalCluster"/> starts it).</summary>
    public static TestBroker LocalCluster { get; } = new("amqp://guest:guest@localhost:5701/", new Uri("http://localhost:15701/"),
        ["localhost:5701", "localhost:5702", "localhost:5703"]);

    /// <summary>The AMQP URI of <paramref name="vhost"/> on this broker.</summary>
    public string UriOf(string vhost) => new UriBuilder(AmqpUri) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri.ToString();
}
