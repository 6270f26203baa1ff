using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.Messaging;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Feeds the real recorder hand-made worker events over the real broker. Jobs sit on parked queues that no worker
/// consumes, so the test alone speaks for "the worker". A sentinel job's event, sent last, tells when the recorder
/// has got past everything before it (it applies one queue's events in order).
/// </summary>
[Collection(SystemTests.Name)]
public class RecorderTests(JobQueueSystem system)
{
    [Fact]
    public async Task DuplicateAndLateEvents_AfterSuccess_ChangeNothing()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("fibonacci_calc", "10", system.Queue);
        var done = await api.WaitForStatusAsync(job.Id, JobStatus.Succeeded);

        await PublishAsync(done, JobEventKind.Succeeded, result: "999");
        await PublishAsync(done, JobEventKind.Started);
        await PublishAsync(done, JobEventKind.Progress, progress: 10);
        await PublishAsync(done, JobEventKind.Failed, error: "late failure");
        await PublishAsync(done, JobEventKind.Cancelled);
        await WaitForSentinelAsync(api);

        var after = await api.GetAsync(job.Id);
        after.Status.ShouldBe(JobStatus.Succeeded);
        after.Result.ShouldBe("55");
        after.Error.ShouldBeNull();
        after.Progress.ShouldBe(100);
        after.FinishedAt.ShouldBe(done.FinishedAt);
    }

    [Fact]
    public async Task OutOfOrderEvents_OnlyEverMoveTheJobForward()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 5, \"steps\": 5}", await system.NewQueueAsync("order"));

        await PublishAsync(job, JobEventKind.Progress, progress: 60);
        await PublishAsync(job, JobEventKind.Started);
        await PublishAsync(job, JobEventKind.Progress, progress: 20);
        await WaitForSentinelAsync(api);
        var running = await api.GetAsync(job.Id);
        running.Status.ShouldBe(JobStatus.Running);
        running.Progress.ShouldBe(60);

        await PublishAsync(job, JobEventKind.Succeeded, result: "ok");
        await PublishAsync(job, JobEventKind.Started);
        await PublishAsync(job, JobEventKind.Progress, progress: 80);
        await PublishAsync(job, JobEventKind.Succeeded, result: "duplicate");
        await WaitForSentinelAsync(api);
        var done = await api.GetAsync(job.Id);
        done.Status.ShouldBe(JobStatus.Succeeded);
        done.Result.ShouldBe("ok");
        done.Progress.ShouldBe(100);
    }

    [Fact]
    public async Task StartedEventForACancelledJob_SendsTheCancelAgain()
    {
        using var api = await system.SignInAsAdminAsync();
        var job = await api.SubmitAsync("sleep", "{\"seconds\": 60, \"steps\": 60}", await system.NewQueueAsync("recancel"));
        (await api.CancelAsync(job.Id)).EnsureSuccessStatusCode();
        await using var control = await ControlQueueListener.StartAsync(system.Broker);

        // A worker that never heard the first cancel starts the job anyway.
        await PublishAsync(job, JobEventKind.Started);

        (await control.WaitForCancelAsync(job.Id, TimeSpan.FromSeconds(20))).ShouldBeTrue("the recorder did not send the cancel again");
        (await api.GetAsync(job.Id)).Status.ShouldBe(JobStatus.Cancelled);
    }

    private async Task PublishAsync(JobDto job, JobEventKind kind, double? progress = null, string? result = null, string? error = null)
    {
        var jobEvent = new JobEvent(job.Id, kind, job.Attempt, "", DateTime.UtcNow, system.WorkerId("fake-worker"), job.Type, job.Queue,
            progress, result, error);
        var routingKey = Topology.WorkerEventsPrefix + jobEvent.KindName;
        await system.Publisher.PublishAsync(Topology.EventsExchange, routingKey, jobEvent, routingKey);
    }

    private async Task WaitForSentinelAsync(ApiClient api)
    {
        var sentinel = await api.SubmitAsync("uppercase_text", "\"sentinel\"", await system.NewQueueAsync("sentinel"));
        await PublishAsync(sentinel, JobEventKind.Succeeded, result: "SENTINEL");
        await api.WaitForStatusAsync(sentinel.Id, JobStatus.Succeeded);
    }
}
