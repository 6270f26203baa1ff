using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>
/// The RabbitMQ management API hangs (it accepts connections and never answers) for a minute while jobs are
/// submitted and users sign in: the dashboard must go on answering, run every job, say that its queue figures come
/// from AMQP, and return to the full figures once the API answers again. Of two APIs (a cluster's nodes), one that
/// hangs is passed over for the one that answers.
/// </summary>
[RunsAbout(Seconds = 115)]
public class ManagementApiHangTests(ITestOutputHelper output)
{
    private static readonly TimeSpan HangFor = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ManagementApiHangingForAMinuteUnderLoad_DashboardStaysUp_FallsBackToAmqpFigures_AndRecovers()
    {
        await using var proxy = new HangingProxy(new IPEndPoint(IPAddress.Loopback, 15672));
        await using var system = new JobQueueSystem
        {
            DashboardSettings = new Dictionary<string, string> { ["QueueStats__ManagementUrl"] = proxy.Url.ToString() },
        };
        await system.InitializeAsync();
        using var admin = await system.SignInAsAdminAsync();
        using var user = await system.NewUserAsync();
        using var pages = await FormSignIn.SignInAsync(system.DashboardUrl, user.Email, user.Password);
        await WaitForSourceAsync(admin, "Management", "full figures before the hang");

        proxy.Hang();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(HangFor);
        var submitted = new List<Guid>();
        var checks = new Dictionary<string, int> { ["health"] = 0, ["page"] = 0, ["submit"] = 0, ["sign-in"] = 0 };
        var failures = new List<string>();
        TimeSpan? amqpAfter = null;

        var signIns = Task.Run(async () =>
        {
            // Password hashing is what saturated the cores when the poller died: keep it busy the whole time.
            while (!stop.IsCancellationRequested)
            {
                await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
                {
                    using var http = new HttpClient { BaseAddress = system.DashboardUrl };
                    var response = await http.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = user.Password });
                    Count(checks, failures, "sign-in", response.StatusCode == HttpStatusCode.OK, $"sign-in answered {(int)response.StatusCode}");
                }));
            }
        });

        while (!stop.IsCancellationRequested)
        {
            var health = await admin.Http.GetAsync(new Uri("/health", UriKind.Relative));
            Count(checks, failures, "health", health.StatusCode == HttpStatusCode.OK, $"/health answered {(int)health.StatusCode}");
            var page = await pages.GetAsync(new Uri("/jobs", UriKind.Relative));
            Count(checks, failures, "page", page.StatusCode == HttpStatusCode.OK, $"/jobs answered {(int)page.StatusCode}");
            var jobs = await user.SubmitBatchAsync("reverse_string", Enumerable.Range(0, 20).Select(i => $"\"hang {i}\""), system.Queue);
            submitted.AddRange(jobs.Select(j => j.Id));
            Count(checks, failures, "submit", true, "");
            if (amqpAfter is null && await SourceAsync(admin) == "Amqp")
            {
                amqpAfter = clock.Elapsed;
                output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: the monitor says AMQP figures");
            }
            await Task.Delay(500);
        }
        await signIns;
        var hungFor = clock.Elapsed;

        // The monitor page says so too, as the user sees it.
        (await (await pages.GetAsync(new Uri("/monitor", UriKind.Relative))).Content.ReadAsStringAsync()).ShouldContain("AMQP figures");
        proxy.PassThrough();
        var recovery = Stopwatch.StartNew();
        await WaitForSourceAsync(admin, "Management", "full figures after the API answers again");
        output.WriteLine($"full figures {recovery.Elapsed.TotalSeconds:0.0} s after the API answered again");

        foreach (var id in submitted)
            await user.WaitForStatusAsync(id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        output.WriteLine($"the management API hung for {hungFor.TotalSeconds:0} s ({proxy.HungConnections} connections left unanswered); "
            + $"the dashboard answered throughout: {string.Join(", ", checks.Select(c => $"{c.Value} {c.Key}"))}; "
            + $"{submitted.Count} jobs submitted meanwhile, all Succeeded");

        failures.ShouldBeEmpty();
        system.Dashboard.HasExited.ShouldBeFalse();
        amqpAfter.ShouldNotBeNull("the monitor never said its figures came from AMQP");
        proxy.HungConnections.ShouldBeGreaterThan(0, "the dashboard never called the hanging API, so the test proved nothing");
    }

    private static void Count(Dictionary<string, int> checks, List<string> failures, string what, bool ok, string failure)
    {
        lock (checks)
        {
            checks[what]++;
            if (!ok)
                failures.Add(failure);
        }
    }

    private static async Task<string?> SourceAsync(ApiClient api) =>
        (await api.Http.GetFromJsonAsync<JsonElement>("/api/monitor")).GetProperty("queues") is { ValueKind: JsonValueKind.Object } queues
            ? queues.GetProperty("source").GetString()
            : null;

    [Fact]
    public async Task FirstOfTwoManagementApisHangs_FiguresComeFromTheSecond_AndStayFull()
    {
        // As in a cluster whose first node is away: the first API hangs from the start, the second answers.
        await using var proxy = new HangingProxy(new IPEndPoint(IPAddress.Loopback, 15672));
        proxy.Hang();
        await using var system = new JobQueueSystem
        {
            DashboardSettings = new Dictionary<string, string>
            {
                ["QueueStats__ManagementUrls__0"] = proxy.Url.ToString(),
                ["QueueStats__ManagementUrls__1"] = "http://localhost:15672/",
            },
        };
        await system.InitializeAsync();
        using var admin = await system.SignInAsAdminAsync();

        await WaitForSourceAsync(admin, "Management", "full figures from the second API");
        await system.Dashboard.WaitForOutputAsync("Queue figures now come from The RabbitMQ management API at http://localhost:15672/", TimeSpan.FromSeconds(10));
        // It stays with the API that answers: no second wait on the hanging one each second.
        var hungBefore = proxy.HungConnections;
        // Five fresh figures (each a poll of the management APIs, one a second), every one of them from the second.
        var polls = new HashSet<string>();
        await Eventually.ReadAsync(async () =>
        {
            var queues = (await admin.Http.GetFromJsonAsync<JsonElement>("/api/monitor")).GetProperty("queues");
            queues.GetProperty("source").GetString().ShouldBe("Management");
            polls.Add(queues.GetProperty("at").GetString()!);
            return polls.Count;
        }, count => count >= 6, "five polls after the switch to the second API", TimeSpan.FromSeconds(30));
        proxy.HungConnections.ShouldBe(hungBefore, "the hanging API was asked again while the second one answered");
    }

    private static Task<string?> WaitForSourceAsync(ApiClient api, string source, string what) =>
        Eventually.ReadAsync(() => SourceAsync(api), s => s == source, what, TimeSpan.FromSeconds(45));
}
