using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using JobQueue.Tests.Infrastructure;
using Xunit.Abstractions;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Two dashboards started together on one fresh PostgreSQL database and the tests' broker: a queue an admin creates or pauses on one is known
/// to the other at once (the change is announced on the broker, well inside the other's 15 s and 30 s refreshes), and
/// the instance that runs the once-only duties never undoes a pause made on the other (it checks a worker's
/// disagreement against the database before it tells the worker anything).
/// </summary>
[RunsAbout(Seconds = 100)]
public class SeveralDashboardsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan WellInsideTheRefresh = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task QueueCreatedAndPausedOnOneDashboard_TheOtherKnowsAtOnce_AndTheDutiesHolderNeverUndoesThePause()
    {
        // Started together on the fresh database, as docker-compose starts them: both migrate it, one at a time.
        await using var system = new JobQueueSystem { Database = TestDatabase.Postgres, Dashboards = 2, DashboardsStartTogether = true };
        await system.InitializeAsync();
        // The change is made on the instance that does not hold the duties, so the holder must learn of it.
        var holder = await system.DutiesHolderAsync();
        var (other, changer) = (system.DashboardUrls[holder], system.DashboardUrls[1 - holder]);
        using var onChanger = await ApiClient.SignInAsync(changer, JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);
        using var onOther = onChanger.On(other);
        var queue = $"shared-{Guid.NewGuid().ToString("N")[..8]}";

        var clock = Stopwatch.StartNew();
        await onChanger.CreateQueueAsync(queue);
        await Eventually.ReadAsync(() => onOther.Http.GetFromJsonAsync<JsonElement>("/api/queues"),
            stats => stats.GetProperty("queues").EnumerateArray().Any(q => q.GetProperty("name").GetString() == queue),
            $"the other dashboard listing {queue}", WellInsideTheRefresh);
        var listedAfter = clock.Elapsed;
        var submitted = await onOther.PostJsonAsync("/api/jobs", $"{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{queue}\"}}");
        submitted.StatusCode.ShouldBe(HttpStatusCode.Created, await submitted.Content.ReadAsStringAsync());

        await using var worker = await system.StartWorkerAsync(queue, "paused");
        var workerId = system.WorkerId("paused");
        clock.Restart();
        (await onChanger.Http.PostAsync(new Uri($"/api/queues/{queue}/pause", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await Eventually.ReadAsync(() => onOther.Http.GetFromJsonAsync<JsonElement>("/api/queues"),
            stats => stats.GetProperty("paused").EnumerateArray().Any(q => q.GetString() == queue),
            $"the other dashboard showing {queue} paused", WellInsideTheRefresh);
        var pausedAfter = clock.Elapsed;
        await onOther.WaitForWorkerAsync(workerId, w => w.PausedQueues.Contains(queue), "reporting the queue paused");

        // Heartbeats every second: the duties' holder compares each with the pauses, for 5 s.
        for (var seen = Stopwatch.StartNew(); seen.Elapsed < TimeSpan.FromSeconds(5); await Task.Delay(250))
        {
            var beat = await onOther.WaitForWorkerAsync(workerId, _ => true, "reporting");
            beat!.PausedQueues.ShouldContain(queue, "the duties' holder resumed a queue paused on the other dashboard");
        }
        output.WriteLine($"the other dashboard listed the new queue after {listedAfter.TotalSeconds:0.00} s and showed it paused after {pausedAfter.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task RecurringEveryTwoSecondsForThirtySeconds_OnTwoDashboards_WithTheSchedulersHolderKilled_FiresFifteenTimesOnceEach()
    {
        await using var system = new JobQueueSystem
        {
            Database = TestDatabase.Postgres,
            Dashboards = 2,
            // The product's default: occurrences up to a minute late (a lease changing hands) each still run.
            DashboardSettings = new Dictionary<string, string> { ["Jobs__RecurringCatchUp"] = "00:01:00" },
        };
        await system.InitializeAsync();
        var holder = await system.DutiesHolderAsync();
        var survivor = 1 - holder;
        using var admin = await ApiClient.SignInAsync(system.DashboardUrls[survivor], JobQueueSystem.AdminEmail, JobQueueSystem.AdminPassword);
        var response = await admin.PostJsonAsync("/api/recurring",
            $"{{\"name\":\"two-seconds\",\"cron\":\"*/2 * * * * *\",\"job\":{{\"type\":\"reverse_string\",\"payload\":\"x\",\"queue\":\"{system.Queue}\"}},\"overlap\":\"allow\"}}");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var id = created.GetProperty("id").GetGuid();
        // The thirty seconds start at its second occurrence: the first may be fired a moment after it was made.
        var windowStart = created.GetProperty("next")[1].GetDateTime().ToUniversalTime();
        var windowEnd = windowStart.AddSeconds(30);

        await WaitUntilAsync(windowStart.AddSeconds(10));
        await system.KillDashboardAsync(holder);
        output.WriteLine($"killed dashboard {holder}, the duties' holder, at {DateTime.UtcNow:HH:mm:ss.fff}; the window is {windowStart:HH:mm:ss}-{windowEnd:HH:mm:ss}");
        await WaitUntilAsync(windowEnd.AddSeconds(2));
        (await admin.PostJsonAsync($"/api/recurring/{id}/pause", "")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var recurring = await RecurringJobTests.GetAsync(admin, id);
        var inWindow = recurring.History!.Where(r => r.Occurrence >= windowStart && r.Occurrence < windowEnd).ToList();
        output.WriteLine(string.Join(", ", inWindow.OrderBy(r => r.Occurrence).Select(r => $"{r.Occurrence:ss} (made {r.CreatedAt:ss.fff})")));
        inWindow.GroupBy(r => r.Occurrence).ShouldAllBe(g => g.Count() == 1, "an occurrence fired twice");
        inWindow.Count.ShouldBe(15);
        recurring.SkippedCount.ShouldBe(0);
    }

    private static async Task WaitUntilAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait);
    }
}
