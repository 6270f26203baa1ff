using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Jobs;
using JobQueue.Dashboard.Live;
using JobQueue.Dashboard.Queues;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class QueueControlTests(JobQueueSystem system)
{
    [Fact]
    public async Task Purge_EmptiesTheQueue_AndMarksItsWaitingJobsCancelled()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("purge");
        var jobs = new List<JobDto>();
        for (var i = 0; i < 4; i++)
            jobs.Add(await admin.SubmitAsync("reverse_string", "\"purge me\"", queue));

        var response = await admin.Http.PostAsync(new Uri($"/api/queues/{queue}/purge", UriKind.Relative), null);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<PurgeResult>(ApiClient.Json))!;
        result.MessagesPurged.ShouldBe(4);
        result.JobsCancelled.ShouldBe(4);

        foreach (var job in jobs)
        {
            var purged = await admin.GetAsync(job.Id);
            purged.Status.ShouldBe(JobStatus.Cancelled);
            purged.Timeline![^1].Note.ShouldBe($"purged from queue '{queue}' by {JobQueueSystem.AdminEmail}");
        }
        await admin.WaitForQueueAsync(queue, q => q.Total == 0, "nothing left");
    }

    [Fact]
    public async Task QueueControls_RefuseNonAdmins_BadNames_AndUnknownQueues()
    {
        using var user = await system.NewUserAsync();
        using var admin = await system.SignInAsAdminAsync();
        foreach (var action in new[] { "pause", "resume", "purge" })
            (await user.Http.PostAsync(new Uri($"/api/queues/{system.Queue}/{action}", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var bad = await admin.Http.PostAsync(new Uri("/api/queues/Not%20A%20Queue/pause", UriKind.Relative), null);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.Content.ReadAsStringAsync()).ShouldContain("The queue name must be");

        var missing = await admin.Http.PostAsync(new Uri($"/api/queues/never-declared-{Guid.NewGuid():N}"[..40] + "/purge", UriKind.Relative), null);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await missing.Content.ReadAsStringAsync()).ShouldContain("There is no such queue");
    }

    [Fact]
    public async Task PausedQueue_NoWorkerTakesItsJobs_EvenOneStartedLater_UntilResumed()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("qpause");
        await using var first = await system.StartWorkerAsync(queue, "qpause-1");
        var firstId = system.WorkerId("qpause-1");
        await admin.WaitForWorkerAsync(firstId, w => w.State == WorkerDisplayState.Active, "active");

        (await admin.Http.PostAsync(new Uri($"/api/queues/{queue}/pause", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await admin.WaitForWorkerAsync(firstId, w => w.PausedQueues.Contains(queue), "reporting the queue paused");

        // A worker that starts after the pause is told by the dashboard when its first heartbeat disagrees.
        await using var second = await system.StartWorkerAsync(queue, "qpause-2");
        await admin.WaitForWorkerAsync(system.WorkerId("qpause-2"), w => w.PausedQueues.Contains(queue), "told the queue is paused");
        await admin.WaitForQueueAsync(queue, q => q.Consumers == 0, "no consumers while paused");
        (await admin.Http.GetFromJsonAsync<QueuesAnswer>("/api/queues", ApiClient.Json))!.Paused.ShouldContain(queue);

        var job = await admin.SubmitAsync("reverse_string", "\"waits\"", queue);
        await admin.WaitForQueueAsync(queue, q => q.Ready == 1, "the job waiting");
        (await admin.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Queued);

        (await admin.Http.PostAsync(new Uri($"/api/queues/{queue}/resume", UriKind.Relative), null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await admin.WaitForStatusAsync(job.Id, JobStatus.Succeeded)).Result.ShouldBe("stiaw");
        await admin.WaitForQueueAsync(queue, q => q.Consumers == 2, "both workers consuming again");
    }

    private sealed record QueuesAnswer(List<QueueSnapshot> Queues, List<string> Paused);
}
