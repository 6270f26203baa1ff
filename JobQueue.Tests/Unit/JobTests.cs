using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;

namespace JobQueue.Tests.Unit;

public class JobTests
{
    private static readonly DateTime T0 = new(2026, 11, 23, 10, 0, 0, DateTimeKind.Utc);

    private static Job NewJob() => Job.Submit(Guid.NewGuid(), "sleep", "default", "{\"seconds\":1,\"steps\":1}", "u1", "u1@x", T0);

    private static JobEvent Event(Job job, JobEventKind kind, int seconds, string worker = "w1", double? progress = null,
        string? result = null, bool redelivered = false) =>
        new(job.Id, kind, 1, job.OwnerId, T0.AddSeconds(seconds), worker, Progress: progress, Result: result, Redelivered: redelivered);

    [Fact]
    public void Apply_FullRun_RecordsTimesResultAndTimeline()
    {
        var job = NewJob();
        job.Apply(Event(job, JobEventKind.Started, 1)).ShouldBeTrue();
        job.Apply(Event(job, JobEventKind.Progress, 2, progress: 50)).ShouldBeTrue();
        job.Apply(Event(job, JobEventKind.Succeeded, 3, result: "done")).ShouldBeTrue();

        job.Status.ShouldBe(JobStatus.Succeeded);
        job.Result.ShouldBe("done");
        job.StartedAt.ShouldBe(T0.AddSeconds(1));
        job.FinishedAt.ShouldBe(T0.AddSeconds(3));
        job.WorkerId.ShouldBe("w1");
        job.History.Select(t => t.Status).ShouldBe([JobStatus.Queued, JobStatus.Running, JobStatus.Succeeded]);
    }

    [Fact]
    public void Apply_OutcomeWhoseStartedEventWasSkipped_TimelineStillShowsTheStart()
    {
        var job = NewJob();
        var succeeded = Event(job, JobEventKind.Succeeded, 3, result: "done") with { StartedAt = T0.AddSeconds(2) };

        job.Apply(succeeded).ShouldBeTrue();

        job.Status.ShouldBe(JobStatus.Succeeded);
        job.StartedAt.ShouldBe(T0.AddSeconds(2));
        job.FinishedAt.ShouldBe(T0.AddSeconds(3));
        job.History.Select(t => (t.Status, t.At)).ShouldBe([
            (JobStatus.Queued, T0), (JobStatus.Running, T0.AddSeconds(2)), (JobStatus.Succeeded, T0.AddSeconds(3))]);
    }

    [Fact]
    public void Apply_DuplicatesAndLateEvents_ChangeNothing()
    {
        var job = NewJob();
        job.Apply(Event(job, JobEventKind.Succeeded, 3, result: "first"));
        var version = job.Version;

        job.Apply(Event(job, JobEventKind.Succeeded, 4, result: "second")).ShouldBeFalse();
        job.Apply(Event(job, JobEventKind.Started, 1)).ShouldBeFalse();
        job.Apply(Event(job, JobEventKind.Failed, 5)).ShouldBeFalse();

        job.Result.ShouldBe("first");
        job.Version.ShouldBe(version);
        job.History.Count().ShouldBe(2, "the submit (implied) and the first outcome");
    }

    [Fact]
    public void Apply_RedeliveredStartByAnotherWorker_RecordsTheNewWorker()
    {
        var job = NewJob();
        job.Apply(Event(job, JobEventKind.Started, 1, worker: "w1"));
        job.Apply(Event(job, JobEventKind.Started, 9, worker: "w2", redelivered: true)).ShouldBeTrue();
        job.WorkerId.ShouldBe("w2");
        job.Timeline[^1].Note.ShouldBe("redelivered to another worker");
    }

    [Fact]
    public void RequestCancel_Queued_CancelsAtOnce()
    {
        var job = NewJob();
        job.RequestCancel(T0.AddSeconds(1)).ShouldBe(JobEventKind.Cancelled);
        job.Status.ShouldBe(JobStatus.Cancelled);
        job.FinishedAt.ShouldBe(T0.AddSeconds(1));
    }

    [Fact]
    public void RequestCancel_Running_WaitsForTheWorker()
    {
        var job = NewJob();
        job.Apply(Event(job, JobEventKind.Started, 1));
        job.RequestCancel(T0.AddSeconds(2)).ShouldBe(JobEventKind.Cancelling);
        job.Status.ShouldBe(JobStatus.Cancelling);
        job.Apply(Event(job, JobEventKind.Cancelled, 3)).ShouldBeTrue();
        job.Status.ShouldBe(JobStatus.Cancelled);
    }

    [Fact]
    public void RequestCancel_Finished_ChangesNothing()
    {
        var job = NewJob();
        job.Apply(Event(job, JobEventKind.Failed, 1));
        job.RequestCancel(T0.AddSeconds(2)).ShouldBeNull();
        job.Status.ShouldBe(JobStatus.Failed);
    }
}
