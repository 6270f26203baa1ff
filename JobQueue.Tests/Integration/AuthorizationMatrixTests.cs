using System.Net;
using JobQueue.Dashboard.Security;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Every API endpoint, the hub and every page, called as anonymous, user A, user B and an admin, with each outcome
/// asserted. Job rows use jobs of A's in a parked queue; admin calls that would change the shared system use an id or
/// a name that does not exist, or a body that is refused, so the answer proves the caller got past authorization.
/// </summary>
[Collection(SystemTests.Name)]
public class AuthorizationMatrixTests(JobQueueSystem system, ITestOutputHelper output)
{
    private const int Redirect = 302;
    private const string NoWorker = "no-such-worker";
    private const string NoQueue = "no-such-queue";

    private sealed record Row(string Method, string Path, string? Body, int Anonymous, int UserA, int UserB, int Admin);

    [Fact]
    public async Task Api_EveryEndpointForEveryCaller_AnswersAsTheRolesAllow()
    {
        using var admin = await system.SignInAsAdminAsync();
        using var userA = await system.NewUserAsync();
        using var userB = await system.NewUserAsync();
        var parked = await system.NewQueueAsync("authz");
        var jobOfA = (await userA.SubmitAsync("reverse_string", "\"a\"", parked)).Id;
        var secondJobOfA = (await userA.SubmitAsync("reverse_string", "\"a2\"", parked)).Id;
        var noUser = Guid.NewGuid();
        var submit = $"{{\"type\":\"reverse_string\",\"payload\":\"m\",\"queue\":\"{parked}\"}}";
        // Once a year: it fires only when a row asks it to run.
        var recurring = $"{{\"name\":\"yearly\",\"cron\":\"0 0 1 1 *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"r\",\"queue\":\"{parked}\"}}}}";
        var recurringOfA = await CreateRecurringAsync(userA, recurring);
        var secondRecurringOfA = await CreateRecurringAsync(userA, recurring);

        Row[] rows =
        [
            new("GET", "/api/jobs", null, 401, 200, 200, 200),
            new("POST", "/api/jobs", submit, 401, 201, 201, 201),
            new("GET", $"/api/jobs/{jobOfA}", null, 401, 200, 404, 200),
            new("GET", $"/api/jobs/{jobOfA}/logs", null, 401, 200, 404, 200),
            new("POST", "/api/jobs/bulk/count", "{\"action\":\"cancel\",\"filter\":{\"queue\":\"no-such-queue\"}}", 401, 200, 200, 200),
            new("GET", $"/api/jobs/bulk/{Guid.NewGuid()}", null, 401, 404, 404, 404),
            // B first (not found), then A cancels it; the admin cancels A's other job.
            new("POST", $"/api/jobs/{jobOfA}/cancel", null, 401, 202, 404, 409),
            new("POST", $"/api/jobs/{secondJobOfA}/cancel", null, 401, -1, 404, 202),
            new("GET", "/api/recurring", null, 401, 200, 200, 200),
            new("POST", "/api/recurring", "{\"name\":\"\"}", 401, 400, 400, 400),
            new("GET", $"/api/recurring/{recurringOfA}", null, 401, 200, 404, 200),
            new("PUT", $"/api/recurring/{recurringOfA}", recurring, 401, 200, 404, 200),
            new("POST", $"/api/recurring/{recurringOfA}/pause", null, 401, 200, 404, 200),
            new("POST", $"/api/recurring/{recurringOfA}/resume", null, 401, 200, 404, 200),
            new("POST", $"/api/recurring/{recurringOfA}/run", null, 401, 201, 404, 201),
            new("DELETE", $"/api/recurring/{secondRecurringOfA}", null, 401, -1, 404, 204),
            new("GET", "/api/queues", null, 401, 200, 200, 200),
            new("GET", "/api/job-types", null, 401, 200, 200, 200),
            // Queues are an admin's: creating one with an empty name is refused; one that does not exist cannot be changed.
            new("POST", "/api/queues", "{\"name\":\"\"}", 401, 403, 403, 400),
            new("DELETE", $"/api/queues/{NoQueue}", null, 401, 403, 403, 404),
            new("POST", $"/api/queues/{NoQueue}/pause", null, 401, 403, 403, 404),
            new("POST", $"/api/queues/{NoQueue}/resume", null, 401, 403, 403, 404),
            new("POST", $"/api/queues/{NoQueue}/purge", null, 401, 403, 403, 404),
            new("GET", "/api/workers", null, 401, 403, 403, 200),
            new("GET", $"/api/workers/{NoWorker}/logs", null, 401, 403, 403, 404),
            new("POST", $"/api/workers/{NoWorker}/pause", null, 401, 403, 403, 404),
            new("POST", $"/api/workers/{NoWorker}/resume", null, 401, 403, 403, 404),
            new("POST", $"/api/workers/{NoWorker}/drain", null, 401, 403, 403, 404),
            new("PUT", $"/api/workers/{NoWorker}/concurrency", "{\"concurrency\":4}", 401, 403, 403, 404),
            new("GET", "/api/dead-letters", null, 401, 403, 403, 200),
            new("POST", "/api/dead-letters/999999999/requeue", null, 401, 403, 403, 404),
            new("DELETE", "/api/dead-letters/999999999", null, 401, 403, 403, 404),
            new("POST", "/api/dead-letters/requeue-all", null, 401, 403, 403, -1),
            new("DELETE", "/api/dead-letters", null, 401, 403, 403, -1),
            new("GET", "/api/users", null, 401, 403, 403, 200),
            new("POST", "/api/users", "{\"email\":\"\",\"password\":\"\",\"role\":\"User\"}", 401, 403, 403, 400),
            new("PUT", $"/api/users/{noUser}/role", "{\"role\":\"Admin\"}", 401, 403, 403, 404),
            new("POST", $"/api/users/{noUser}/disable", null, 401, 403, 403, 404),
            new("POST", $"/api/users/{noUser}/enable", null, 401, 403, 403, 404),
            new("GET", "/api/monitor", null, 401, 200, 200, 200),
            new("GET", "/api/wall-keys", null, 401, 403, 403, 200),
            new("GET", "/api/audit", null, 401, 403, 403, 200),
            new("POST", "/api/wall-keys", "{\"name\":\"\"}", 401, 403, 403, 400),
            new("DELETE", $"/api/wall-keys/{Guid.NewGuid()}", null, 401, 403, 403, 404),
            new("GET", "/api/worker-keys", null, 401, 403, 403, 200),
            new("POST", "/api/worker-keys", "{\"name\":\"\"}", 401, 403, 403, 400),
            new("DELETE", $"/api/worker-keys/{Guid.NewGuid()}", null, 401, 403, 403, 404),
            // The HTTP workers' calls take a worker key and nothing else: a user's or an admin's token is no key.
            new("POST", $"/api/queues/{parked}/fetch", "{\"workerId\":\"w\"}", 401, 401, 401, 401),
            new("POST", "/api/job-types", "{\"workerId\":\"w\",\"types\":[]}", 401, 401, 401, 401),
            new("POST", $"/api/jobs/{jobOfA}/ack", "{\"workerId\":\"w\"}", 401, 401, 401, 401),
            new("POST", $"/api/jobs/{jobOfA}/progress", "{\"workerId\":\"w\"}", 401, 401, 401, 401),
            new("POST", "/api/auth/login", "{\"email\":\"nobody@jobqueue.test\",\"password\":\"wrong-password\"}", 401, 401, 401, 401),
            new("GET", "/health", null, 200, 200, 200, 200),
        ];

        using var anonymous = new HttpClient { BaseAddress = system.DashboardUrl };
        var failures = new List<string>();
        foreach (var row in rows)
        {
            foreach (var (caller, client, expected) in new[]
                     {
                         ("anonymous", anonymous, row.Anonymous), ("user B", userB.Http, row.UserB),
                         ("user A", userA.Http, row.UserA), ("admin", admin.Http, row.Admin),
                     })
            {
                // -1: not called. requeue-all as an admin would requeue the whole system's dead letters (its admin
                // row is the DeadLetterTests' business), and A's second job is the admin's to cancel.
                if (expected < 0)
                    continue;
                using var request = new HttpRequestMessage(new HttpMethod(row.Method), new Uri(row.Path, UriKind.Relative));
                if (row.Body is not null)
                    request.Content = new StringContent(row.Body, System.Text.Encoding.UTF8, "application/json");
                using var response = await client.SendAsync(request);
                var line = $"{row.Method} {row.Path} as {caller}: {(int)response.StatusCode} (expected {expected})";
                output.WriteLine(line);
                if ((int)response.StatusCode != expected)
                    failures.Add(line);
            }
        }
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task Hub_RefusesAnonymous_AcceptsEveryUser_AndTakesNoCommandsFromAnyone()
    {
        var anonymous = new HubConnectionBuilder().WithUrl(new Uri(system.DashboardUrl, "/hubs/jobs")).Build();
        (await Should.ThrowAsync<HttpRequestException>(() => anonymous.StartAsync())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await anonymous.DisposeAsync();

        using var admin = await system.SignInAsAdminAsync();
        using var userA = await system.NewUserAsync();
        using var userB = await system.NewUserAsync();
        foreach (var api in new[] { userA, userB, admin })
        {
            var hub = new HubConnectionBuilder()
                .WithUrl(new Uri(system.DashboardUrl, "/hubs/jobs"), o => o.AccessTokenProvider = () => Task.FromResult<string?>(api.AccessToken))
                .Build();
            await hub.StartAsync();
            hub.State.ShouldBe(HubConnectionState.Connected);
            // The hub only pushes; there is no method a client can call, for users or admins.
            foreach (var method in new[] { "CancelJob", "Cancel", "SubmitJob", "PauseWorker" })
                await Should.ThrowAsync<HubException>(() => hub.InvokeAsync(method, Guid.NewGuid()));
            await hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Pages_ForEveryCaller_RedirectToSignIn_SendUsersAwayFromAdminPages_OrRender()
    {
        (string Path, bool AdminOnly)[] pages =
        [
            ("/", false), ("/jobs", false), ("/recurring", false), ($"/jobs/{Guid.NewGuid()}", false), ("/monitor", false), ("/Account/ChangePassword", false),
            ("/admin/workers", true), ($"/admin/workers/{NoWorker}", true), ("/admin/queues", true), ("/admin/users", true), ("/admin/walls", true), ("/admin/worker-keys", true), ("/admin/audit", true),
        ];
        var email = $"pages-{Guid.NewGuid():N}@jobqueue.test";
        using (var admin = await system.SignInAsAdminAsync())
            await admin.CreateUserAsync(email, "User-Passw0rd", "User");
        using var anonymous = NewBrowserlikeClient();
        using var user = await SignInWithTheFormAsync(email, "User-Passw0rd");
        using var adminPages = await SignInWithTheFormAsync(JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);

        var failures = new List<string>();
        foreach (var (path, adminOnly) in pages)
        {
            var asAnonymous = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
            if ((int)asAnonymous.StatusCode != Redirect || asAnonymous.Headers.Location?.ToString().Contains("Account/Login", StringComparison.Ordinal) != true)
                failures.Add($"{path} as anonymous: {(int)asAnonymous.StatusCode} to {asAnonymous.Headers.Location}, expected a redirect to sign in");

            var asUser = await user.GetAsync(new Uri(path, UriKind.Relative));
            var deniedAsExpected = adminOnly
                ? (int)asUser.StatusCode == Redirect && asUser.Headers.Location?.ToString().Contains("Account/AccessDenied", StringComparison.Ordinal) == true
                : asUser.StatusCode == HttpStatusCode.OK && !(await asUser.Content.ReadAsStringAsync()).Contains("id=\"access-denied\"", StringComparison.Ordinal);
            if (!deniedAsExpected)
                failures.Add($"{path} as a user: {(int)asUser.StatusCode} to {asUser.Headers.Location}, expected {(adminOnly ? "a redirect to access denied" : "the page")}");

            var asAdmin = await adminPages.GetAsync(new Uri(path, UriKind.Relative));
            if (asAdmin.StatusCode != HttpStatusCode.OK || (await asAdmin.Content.ReadAsStringAsync()).Contains("id=\"access-denied\"", StringComparison.Ordinal))
                failures.Add($"{path} as an admin: {(int)asAdmin.StatusCode}, expected the page");
            output.WriteLine($"{path}: anonymous {(int)asAnonymous.StatusCode}, user {(int)asUser.StatusCode} {asUser.Headers.Location}, admin {(int)asAdmin.StatusCode}");
        }
        failures.ShouldBeEmpty();

        // The wall is open to a wall key or a signed-in user only.
        var wall = await anonymous.GetAsync(new Uri("/wall", UriKind.Relative));
        wall.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wall.Content.ReadAsStringAsync()).ShouldContain("id=\"wall-denied\"");
    }

    [Fact]
    public async Task SignInForm_WithoutItsAntiforgeryToken_IsRefused_AndEveryResponseCarriesTheSecurityHeaders()
    {
        using var client = NewBrowserlikeClient();
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = JobQueueSystem.AdminEmail, ["Input.Password"] = JobQueueSystem.AdminPassword,
        });
        var forged = await client.PostAsync(new Uri("/Account/Login", UriKind.Relative), form);
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        forged.Headers.Contains("Set-Cookie").ShouldBeFalse();

        foreach (var path in new[] { "/Account/Login", "/api/jobs", "/health", "/wall" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            response.Headers.GetValues("Content-Security-Policy").Single().ShouldBe(SecurityHeaders.ContentSecurityPolicy, path);
            response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff", path);
            response.Headers.GetValues("X-Frame-Options").Single().ShouldBe("DENY", path);
            response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer", path);
        }
    }

    private HttpClient NewBrowserlikeClient() => FormSignIn.NewClient(system.DashboardUrl);

    private Task<HttpClient> SignInWithTheFormAsync(string email, string password) => FormSignIn.SignInAsync(system.DashboardUrl, email, password);

    private static async Task<Guid> CreateRecurringAsync(ApiClient user, string body)
    {
        var response = await user.PostJsonAsync("/api/recurring", body);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetGuid();
    }
}
