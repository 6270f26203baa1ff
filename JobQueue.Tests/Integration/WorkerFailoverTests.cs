using JobQueue.Shared.Contracts;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class WorkerFailoverTests(JobQueueSystem system)
{
    [Fact]
    public async Task WorkerKilledMidJob_AnotherWorkerFinishesIt()
    {
        using var api = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("crash");
        var first = await system.StartWorkerAsync(queue, "crash-1");
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 3, \"steps\": 6}", queue);
        await api.WaitForAsync(job.Id, j => j is { Status: JobStatus.Running, Progress: > 0 } && j.WorkerId == system.WorkerId("crash-1"),
            what: "Running on crash-1");

        first.Kill();
        await using var second = await system.StartWorkerAsync(queue, "crash-2");

        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        done.WorkerId.ShouldBe(system.WorkerId("crash-2"));
        done.Result.ShouldBe("slept 3 s in 6 steps");
        await first.DisposeAsync();
    }

    [Fact]
    public async Task WorkerStoppedPastItsDrainTimeout_RequeuesTheJobForAnotherWorker()
    {
        using var api = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("drain");
        await using var first = await system.StartWorkerAsync(queue, "drain-1",
            new Dictionary<string, string> { ["Worker__DrainTimeout"] = "00:00:01" });
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 4, \"steps\": 8}", queue);
        await api.WaitForAsync(job.Id, j => j.Status == JobStatus.Running && j.WorkerId == system.WorkerId("drain-1"), what: "Running on drain-1");

        await first.StopAsync(TimeSpan.FromSeconds(30));
        first.Output.ShouldContain($"Requeued job {job.Id}");
        await using var second = await system.StartWorkerAsync(queue, "drain-2");

        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded, TimeSpan.FromSeconds(60));
        done.WorkerId.ShouldBe(system.WorkerId("drain-2"));
    }

    [Fact]
    public async Task WorkerStoppedWithinItsDrainTimeout_FinishesTheRunningJobFirst()
    {
        using var api = await system.SignInAsAdminAsync();
        var queue = await system.NewQueueAsync("graceful");
        await using var worker = await system.StartWorkerAsync(queue, "graceful-1");
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 1.5, \"steps\": 3}", queue);
        await api.WaitForStatusAsync(job.Id, JobStatus.Running);

        await worker.StopAsync(TimeSpan.FromSeconds(30));

        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded);
        done.WorkerId.ShouldBe(system.WorkerId("graceful-1"));
        worker.Output.ShouldContain("stopped after 1 job(s)");
    }
}
