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
}
