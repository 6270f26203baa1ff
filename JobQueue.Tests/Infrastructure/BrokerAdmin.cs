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

    /// <summary>Applies the JobQueue broker policies to <paramref name="vhost"/> with <c>scripts/broker.sh</c> itself, as run.sh and test.sh do.</summary>
    public static async Task ApplyPoliciesAsync(string vhost, int? deliveryLimit = null)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", "source scripts/broker.sh && jq_apply_policies"])
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["JOBQUEUE_RABBITMQ"] = UriOf(vhost);
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
