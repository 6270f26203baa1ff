using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// The tests' RabbitMQ through its management API: a vhost per test system, so that no two systems on the broker
/// compete for <c>jobqueue.recorder</c> or <c>jobqueue.dead</c>, with the broker policies of <c>scripts/broker.sh</c>.
/// Every method works on the tests' broker unless given another (<see cref="TestBroker"/>).
/// </summary>
public static class BrokerAdmin
{
    public static Uri ManagementUrl => TestBroker.Default.ManagementUrl;

    /// <summary>The AMQP URI of <paramref name="vhost"/> on the tests' broker.</summary>
    public static string UriOf(string vhost) => TestBroker.Default.UriOf(vhost);

    public static async Task CreateVhostAsync(string vhost, TestBroker? broker = null)
    {
        using var http = Client(broker);
        var (user, _) = Credentials(broker);
        (await http.PutAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative), null)).EnsureSuccessStatusCode();
        (await http.PutAsJsonAsync(new Uri($"api/permissions/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(user)}", UriKind.Relative),
            new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
    }

    /// <summary>Applies the JobQueue broker policies to <paramref name="vhost"/> with <c>scripts/broker.sh</c> itself, as run.sh and test.sh do.</summary>
    public static async Task ApplyPoliciesAsync(string vhost, int? deliveryLimit = null, TestBroker? broker = null)
    {
        broker ??= TestBroker.Default;
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "source scripts/broker.sh && jq_apply_policies"])
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["JOBQUEUE_RABBITMQ"] = broker.UriOf(vhost);
        start.Environment["JOBQUEUE_RABBITMQ_MANAGEMENT"] = broker.ManagementUrl.ToString();
        if (deliveryLimit is { } limit)
            start.Environment["JOBQUEUE_DELIVERY_LIMIT"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, await errors);
    }

    /// <summary>The delivery limit the policy sets on <paramref name="vhost"/>, or null when there is none.</summary>
    public static async Task<int?> DeliveryLimitAsync(string vhost)
    {
        using var http = Client();
        var response = await http.GetAsync(new Uri($"api/policies/{Uri.EscapeDataString(vhost)}/jobqueue-delivery-limit", UriKind.Relative));
        if (!response.IsSuccessStatusCode)
            return null;
        var policy = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return policy.GetProperty("definition").GetProperty("delivery-limit").GetInt32();
    }

    /// <summary>A queue as the management API describes it (consumers, type, members, ...).</summary>
    public static async Task<System.Text.Json.JsonElement> GetQueueAsync(string vhost, string queue, TestBroker? broker = null)
    {
        using var http = Client(broker);
        return await http.GetFromJsonAsync<System.Text.Json.JsonElement>(
            new Uri($"api/queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}", UriKind.Relative));
    }

    public static async Task DeleteVhostAsync(string vhost, TestBroker? broker = null)
    {
        using var http = Client(broker);
        await http.DeleteAsync(new Uri($"api/vhosts/{Uri.EscapeDataString(vhost)}", UriKind.Relative));
    }

    private static HttpClient Client(TestBroker? broker = null)
    {
        broker ??= TestBroker.Default;
        var (user, password) = Credentials(broker);
        var http = new HttpClient { BaseAddress = broker.ManagementUrl, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return http;
    }

    private static (string User, string Password) Credentials(TestBroker? broker = null)
    {
        var parts = Uri.UnescapeDataString(new Uri((broker ?? TestBroker.Default).AmqpUri).UserInfo).Split(':', 2);
        return (parts[0] is { Length: > 0 } user ? user : "guest", parts.Length > 1 ? parts[1] : "guest");
    }
}
