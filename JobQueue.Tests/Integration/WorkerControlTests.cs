using System.Net;
using System.Net.Http.Json;
using JobQueue.Dashboard.Workers;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>Admin controls sent over jobqueue.control to real worker processes, confirmed by their heartbeats.</summary>
[Collection(SystemTests.Name)]
public class WorkerControlTests(JobQueueSystem system)
{
    private async Task<uint> ConsumersAsync(string queue)
    {
        var connection = await system.Broker.GetAsync(CancellationToken.None);
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(Topology.JobQueueName(queue))).ConsumerCount;
    }

    private static Task<HttpResponseMessage> ControlAsync(ApiClient admin, string workerId, string action) =>
        admin.Http.PostAsync(new Uri($"/api/workers/{workerId}/{action}", UriKind.Relative), null);

    [Fact]
    public async Task Pause_StopsTakingJobs_AndResumeTakesThemAgain()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("pause");
        await using var worker = await system.StartWorkerAsync(queue, "pause-1");
        var id = system.WorkerId("pause-1");
        await admin.WaitForWorkerAsync(id, w => w.State == WorkerDisplayState.Active, "active");

        (await ControlAsync(admin, id, "pause")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await admin.WaitForWorkerAsync(id, w => w.State == WorkerDisplayState.Paused, "paused");
        (await ConsumersAsync(queue)).ShouldBe(0u);
        var job = await admin.SubmitAsync("reverse_string", "\"paused\"", queue);
        // With no consumer on its queue the job cannot be taken; a moment later it is still waiting.
        await Task.Delay(500);
        (await admin.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Queued);

        (await ControlAsync(admin, id, "resume")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await admin.WaitForWorkerAsync(id, w => w.State == WorkerDisplayState.Active, "active again");
        (await admin.WaitForStatusAsync(job.Id, JobStatus.Succeeded)).Result.ShouldBe("desuap");
    }

    [Fact]
    public async Task ConcurrencyOne_RunsOneJobAtATime()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("serial");
        await using var worker = await system.StartWorkerAsync(queue, "serial-1");
        var id = system.WorkerId("serial-1");
        // The dashboard answers 404 for a worker until its first heartbeat arrives.
        await admin.WaitForWorkerAsync(id, w => w.State == WorkerDisplayState.Active, "active");

        var response = await admin.Http.PutAsJsonAsync($"/api/workers/{id}/concurrency", new { concurrency = 1 });
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await admin.WaitForWorkerAsync(id, w => w.Concurrency == 1, "concurrency 1");

        var jobs = new List<Guid>();
        for (var i = 0; i < 3; i++)
            jobs.Add((await admin.SubmitAsync("sleep", "{\"seconds\": 0.4, \"steps\": 2}", queue)).Id);
        var done = new List<JobQueue.Dashboard.Jobs.JobDto>();
        foreach (var job in jobs)
            done.Add(await admin.WaitForStatusAsync(job, JobStatus.Succeeded));

        var ordered = done.OrderBy(j => j.StartedAt).ToList();
        for (var i = 1; i < ordered.Count; i++)
            ordered[i].StartedAt!.Value.ShouldBeGreaterThanOrEqualTo(ordered[i - 1].FinishedAt!.Value, "two jobs ran at once");
    }

    [Fact]
    public async Task Drain_FinishesTheRunningJobThenStopsTheWorker()
    {
        using var admin = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("drain-cmd");
        await using var worker = await system.StartWorkerAsync(queue, "drain-cmd-1");
        var id = system.WorkerId("drain-cmd-1");
        await admin.WaitForWorkerAsync(id, w => w.State == WorkerDisplayState.Active, "active");
        var job = await admin.SubmitAsync("sleep", "{\"seconds\": 1.5, \"steps\": 3}", queue);
        await admin.WaitForStatusAsync(job.Id, JobStatus.Running);

        (await ControlAsync(admin, id, "drain")).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await admin.WaitForStatusAsync(job.Id, JobStatus.Succeeded)).WorkerId.ShouldBe(id);
        await admin.WaitForWorkerAsync(id, w => w.State == WorkerDisplayState.Stopped, "stopped");
        await worker.WaitForOutputAsync("stopped after 1 job(s)", TimeSpan.FromSeconds(20));
        (await ConsumersAsync(queue)).ShouldBe(0u);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public async Task SetConcurrency_OutOfRange_Returns400(int concurrency)
    {
        using var admin = await system.SignInAsAdminAsync();
        var response = await admin.Http.PutAsJsonAsync($"/api/workers/{system.WorkerId("worker-1")}/concurrency", new { concurrency });
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("from 1 to 64");
    }

    [Fact]
    public async Task Control_UnknownWorker_Returns404()
    {
        using var admin = await system.SignInAsAdminAsync();
        (await ControlAsync(admin, "no-such-worker", "pause")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task WorkersApi_ForANonAdmin_Returns403()
    {
        using var user = await system.NewUserAsync();
        (await user.Http.GetAsync(new Uri("/api/workers", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await ControlAsync(user, system.WorkerId("worker-1"), "pause")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }
}
