using System.Net.Http.Headers;
using System.Text;
using JobQueue.Shared.Messaging;

namespace JobQueue.Dashboard.Queues;

/// <summary>
/// Where <see cref="QueueStatsPoller"/> reads the queue figures: the management API's queue list of the broker's
/// virtual host, worked out once from <see cref="QueueStatsOptions"/> and, where they leave it open, the AMQP URI
/// (its host, or each host of <see cref="RabbitMqOptions.Nodes"/>, on port 15672, its user and password).
/// </summary>
public sealed record ManagementEndpoint(Uri Queues, AuthenticationHeaderValue Authorization, string OperationName)
{
    private const string Columns = "name,messages,messages_ready,messages_unacknowledged,consumers,message_stats";

    /// <summary>Every management API to try, in order: <see cref="QueueStatsOptions.ManagementUrls"/>, else the one URL, else one per node's host.</summary>
    public static IReadOnlyList<ManagementEndpoint> AllFrom(RabbitMqOptions rabbit, QueueStatsOptions options)
    {
        IEnumerable<string> urls = options.ManagementUrls.Count > 0 ? options.ManagementUrls
            : !string.IsNullOrWhiteSpace(options.ManagementUrl) ? [options.ManagementUrl]
            : rabbit.EffectiveNodes.Select(n => n.Host).Distinct(StringComparer.OrdinalIgnoreCase).Select(host => $"http://{host}:15672/");
        return [.. urls.Select(url => From(rabbit, options, url))];
    }

    private static ManagementEndpoint From(RabbitMqOptions rabbit, QueueStatsOptions options, string url)
    {
        var amqp = new Uri(rabbit.Uri);
        var userInfo = Uri.UnescapeDataString(amqp.UserInfo).Split(':', 2);
        var baseUrl = new Uri(url.EndsWith('/') ? url : url + "/");
        var user = options.ManagementUser ?? (userInfo[0] is { Length: > 0 } u ? u : "guest");
        var password = options.ManagementPassword ?? (userInfo.Length > 1 ? userInfo[1] : "guest");
        var virtualHost = rabbit.EffectiveVirtualHost;
        return new ManagementEndpoint(
            new Uri(baseUrl, $"api/queues/{Uri.EscapeDataString(virtualHost)}?columns={Columns}"),
            new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"))),
            $"The RabbitMQ management API at {baseUrl}");
    }
}
