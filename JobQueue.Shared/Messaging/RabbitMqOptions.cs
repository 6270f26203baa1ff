namespace JobQueue.Shared.Messaging;

public sealed class RabbitMqOptions
{
    public const string Section = "RabbitMq";
    public const int DefaultPort = 5672;

    /// <summary>AMQP URI: the user, password, host and port (and, unless <see cref="VirtualHost"/> says otherwise, the vhost as its path); the JOBQUEUE_RABBITMQ environment variable overrides it.</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>
    /// The virtual host every name of the system lives in. Two systems on one broker in two vhosts never see each
    /// other's jobs or events. Unset: the <see cref="Uri"/>'s path, and <c>/</c> when it has none.
    /// </summary>
    public string? VirtualHost { get; set; }

    /// <summary>
    /// The nodes of a RabbitMQ cluster, as <c>host:port</c> (port 5672 when left out). The connection goes to one that
    /// answers and, when that node goes away, recovers on another. Empty: the <see cref="Uri"/>'s host alone.
    /// </summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>The type of the durable <c>jobqueue.queue.&lt;name&gt;</c> queues.</summary>
    public JobQueueKind QueueType { get; set; } = JobQueueKind.Quorum;

    /// <summary>How many unconfirmed publishes one channel may have in flight.</summary>
    public int MaxOutstandingConfirms { get; set; } = 4096;

    /// <summary>The vhost in effect: <see cref="VirtualHost"/>, else the URI's path, else <c>/</c>.</summary>
    public string EffectiveVirtualHost
    {
        get
        {
            if (!string.IsNullOrEmpty(VirtualHost))
                return VirtualHost;
            var path = System.Uri.UnescapeDataString(new System.Uri(Uri).AbsolutePath.TrimStart('/'));
            return path.Length == 0 ? "/" : path;
        }
    }

    /// <summary>The nodes in effect, as (host, port): <see cref="Nodes"/>, else the URI's host and port.</summary>
    public IReadOnlyList<(string Host, int Port)> EffectiveNodes
    {
        get
        {
            if (Nodes.Count == 0)
            {
                var uri = new System.Uri(Uri);
                return [(uri.Host, uri.Port > 0 ? uri.Port : DefaultPort)];
            }
            return [.. Nodes.Select(ParseNode)];
        }
    }

    /// <returns>null when <paramref name="node"/> is a usable <c>host[:port]</c>, else what is wrong with it.</returns>
    public static string? ValidateNode(string node) =>
        System.Uri.TryCreate($"amqp://{node}", UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.AbsolutePath == "/"
            && uri.UserInfo.Length == 0
            ? null
            : $"RabbitMq:Nodes entry '{node}' is not host or host:port.";

    private static (string Host, int Port) ParseNode(string node)
    {
        var uri = new System.Uri($"amqp://{node}");
        return (uri.Host, uri.Port > 0 ? uri.Port : DefaultPort);
    }
}
