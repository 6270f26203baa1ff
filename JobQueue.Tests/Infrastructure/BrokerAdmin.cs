using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// The tests' RabbitMQ through its management API: a vhost per test system, so that no two systems on the broker
/// compete for <c>jobqueue.recorder</c> or <c>jobqueue.dead</c>, with the broker policies of <c>scripts/broker.sh</c>.
/// </summary>
public static class BrokerAdmin
{
    public static Uri ManagementUrl => new($"http://{new Uri(TestPaths.RabbitMqUri).Host}:15672/");

    /// <summary>The AMQP URI of <paramref name="vhost"/> on the tests' broker.</summary>
    public static string UriOf(string vhost) => new UriBuilder(TestPaths.RabbitMqUri) { Path = "/" + Uri.EscapeDataString(vhost) }.Uri.ToString();

    public static async Task CreateVhostAsync(string vhost)
    {
        using var http = Client();
        var (user, _) = Credentials();
        (await http.PutAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync(new Uri($"api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(user)}", UriKind.Relative),
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    public static async Task DeleteVhostAsync(string vhost)
    {
        using var http = Client();
        await http.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative));
    }

    private static HttpClient Client()
    {
        var (user, password) = Credentials();
        var http = new HttpClient { BaseAddress = ManagementUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private static (string User, string Password) Credentials()
    {
        var parts = Uri.UnescapeDataString(new Uri(TestPaths.RabbitMqUri).UserInfo).Split(':', 2);
        return (parts[0] is { Length: > 0 } user ? user : "guest", parts.Length > 1 ? parts[1] : "guest");
    }
}
