using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Each worker's own log lines (Information and above) in the dashboard: sent by the worker as <c>worker.log</c>, kept by
/// every dashboard, served to admins by <c>GET /api/workers/{id}/logs</c>, and asked for again by a dashboard that restarts.
/// </summary>
[Collection(SystemTests.Name)]
public class WorkerLogTests(JobQueueSystem system)
{
    /// <returns>null while the dashboard has not heard from the worker yet (404: a dashboard just started, a worker just started).</returns>
    private static async Task<WorkerLogDto?> ReadAsync(ApiClient admin, string workerId)
    {
        using var response = await admin.Http.GetAsync(new Uri($"/api/workers/{workerId}/logs", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<WorkerLogDto>(ApiClient.Json))!;
    }

    private static bool Has(WorkerLogDto? log, string text) => log is not null && log.Lines.Any(l => l.Message.Contains(text, StringComparison.Ordinal));

    [Fact]
    public async Task WorkerLog_HoldsItsOwnLinesAsTheyAreWritten_AndADashboardThatRestartsGetsThemAgain()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("logs");
        await using var worker = await system.StartWorkerAsync(queue, "logs-1");
        var id = system.WorkerId("logs-1");
        var consuming = $"Consuming {Topology.JobQueueName(queue)}";

        // QueueConsumers logs "Consuming" before JobConsumer logs that it started: both are start-up lines.
        var log = (await Eventually.ReadAsync(() => ReadAsync(admin, id), l => Has(l, consuming) && Has(l, "Started for queues"),
            "the worker's start-up lines"))!;
        log.WorkerId.ShouldBe(id);
        log.Lines.Select(l => l.Number).ShouldBeInOrder(SortDirection.Ascending);
        log.Lines.ShouldAllBe(l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Information);
        log.Lines.ShouldContain(l => l.Category == "JobQueue.Worker.Consuming.JobConsumer");

        // A line written now arrives within about a second.
        (await admin.Http.PostAsync(new Uri($"/api/workers/{id}/pause", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await Eventually.ReadAsync(() => ReadAsync(admin, id), l => Has(l, "Paused: taking no new jobs"), "the pause's line");
        (await admin.Http.PostAsync(new Uri($"/api/workers/{id}/resume", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // The dashboard restarts with nothing in memory and asks the workers for what they keep.
        await system.RestartDashboardAsync();
        using var again = await system.SignInAsAdminAsync();
        var replayed = (await Eventually.ReadAsync(() => ReadAsync(again, id), l => Has(l, consuming) && Has(l, "Paused: taking no new jobs"),
            "the lines from before the restart, sent again"))!;
        replayed.Lines.Select(l => l.Number).Distinct().Count().ShouldBe(replayed.Lines.Count, "each line once");
    }

    [Fact]
    public async Task WorkerLog_ForAUser_IsForbidden_AndForAnUnknownWorker_IsNotFound()
    {
        using var user = await system.NewUserAsync();
        (await user.Http.GetAsync(new Uri("/api/workers/anything/logs", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var admin = await system.SignInAsAdminAsync();
        using var response = await admin.Http.GetAsync(new Uri($"/api/workers/no-such-worker-{Guid.NewGuid():N}/logs", UriKind.Relative));
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("No worker");
    }
}
