using JobQueue.Shared.Contracts;
using static JobQueue.Shared.Contracts.JobEventKind;
using static JobQueue.Shared.Contracts.JobStatus;

namespace JobQueue.Tests.Unit;

public class JobTransitionsTests
{
    private static JobState At(JobStatus status, int attempt = 1, double progress = 0) => new(status, attempt, progress);

    [Theory]
    [InlineData(JobStatus.Queued, Started, Running)]
    [InlineData(JobStatus.Queued, Progress, Running)]
    [InlineData(JobStatus.Queued, JobEventKind.Succeeded, JobStatus.Succeeded)]
    [InlineData(JobStatus.Queued, JobEventKind.Failed, JobStatus.Failed)]
    [InlineData(JobStatus.Queued, JobEventKind.Cancelled, JobStatus.Cancelled)]
    [InlineData(Running, JobEventKind.Succeeded, JobStatus.Succeeded)]
    [InlineData(Running, JobEventKind.Failed, JobStatus.Failed)]
    [InlineData(Running, JobEventKind.Cancelling, JobStatus.Cancelling)]
    [InlineData(Running, JobEventKind.Retrying, JobStatus.Retrying)]
    [InlineData(JobStatus.Cancelling, JobEventKind.Cancelled, JobStatus.Cancelled)]
    [InlineData(JobStatus.Cancelling, JobEventKind.Succeeded, JobStatus.Succeeded)]
    [InlineData(JobStatus.Scheduled, JobEventKind.Queued, JobStatus.Queued)]
    [InlineData(JobStatus.Scheduled, Started, Running)]
    [InlineData(JobStatus.Scheduled, JobEventKind.Succeeded, JobStatus.Succeeded)]
    public void Apply_ForwardEvent_MovesTheJob(JobStatus from, JobEventKind kind, JobStatus to) =>
        JobTransitions.Apply(At(from), kind, attempt: 1)?.Status.ShouldBe(to);

    [Theory]
    [InlineData(JobStatus.Succeeded)]
    [InlineData(JobStatus.Failed)]
    [InlineData(JobStatus.Cancelled)]
    public void Apply_AnyEventOnATerminalJob_ChangesNothing(JobStatus terminal)
    {
        foreach (var kind in Enum.GetValues<JobEventKind>())
            JobTransitions.Apply(At(terminal, progress: 40), kind, attempt: 1, progress: 90).ShouldBeNull($"{kind} after {terminal}");
    }

    [Theory]
    [InlineData(JobStatus.Queued, JobEventKind.Queued)]
    [InlineData(JobStatus.Queued, JobEventKind.Scheduled)]
    [InlineData(JobStatus.Scheduled, JobEventKind.Scheduled)]
    [InlineData(Running, JobEventKind.Queued)]
    public void Apply_ANoticeOfSubmitOrRelease_MovesOnlyAScheduledJob(JobStatus from, JobEventKind kind) =>
        JobTransitions.Apply(At(from), kind, attempt: 1).ShouldBeNull();

    [Fact]
    public void Apply_DuplicateStarted_ChangesNothing() =>
        JobTransitions.Apply(At(Running, progress: 30), Started, attempt: 1).ShouldBeNull();

    [Fact]
    public void Apply_LateProgressBelowCurrent_ChangesNothing() =>
        JobTransitions.Apply(At(Running, progress: 60), Progress, attempt: 1, progress: 20).ShouldBeNull();

    [Fact]
    public void Apply_HigherProgress_RaisesIt() =>
        JobTransitions.Apply(At(Running, progress: 20), Progress, attempt: 1, progress: 60).ShouldBe(At(Running, progress: 60));

    [Fact]
    public void Apply_ProgressWhileCancelling_KeepsCancelling() =>
        JobTransitions.Apply(At(JobStatus.Cancelling, progress: 20), Progress, attempt: 1, progress: 60)
            .ShouldBe(At(JobStatus.Cancelling, progress: 60));

    [Fact]
    public void Apply_StartedWhileCancelling_ChangesNothing() =>
        JobTransitions.Apply(At(JobStatus.Cancelling), Started, attempt: 1).ShouldBeNull();

    [Fact]
    public void Apply_EventOfAnEarlierAttempt_ChangesNothing() =>
        JobTransitions.Apply(At(Running, attempt: 2), JobEventKind.Failed, attempt: 1).ShouldBeNull();

    [Fact]
    public void Apply_RetryThenStartOfNextAttempt_RunsAgain()
    {
        var retrying = JobTransitions.Apply(At(Running), JobEventKind.Retrying, attempt: 1)!.Value;
        retrying.Status.ShouldBe(JobStatus.Retrying);
        JobTransitions.Apply(retrying, Started, attempt: 1).ShouldBeNull();
        JobTransitions.Apply(retrying, Started, attempt: 2).ShouldBe(At(Running, attempt: 2));
    }

    [Fact]
    public void Apply_Succeeded_SetsProgressToFull() =>
        JobTransitions.Apply(At(Running, progress: 40), JobEventKind.Succeeded, attempt: 1)!.Value.Progress.ShouldBe(100);

    [Fact]
    public void Apply_ProgressOutOfRange_IsClamped() =>
        JobTransitions.Apply(At(Running), Progress, attempt: 1, progress: 250)!.Value.Progress.ShouldBe(100);

    [Theory]
    [InlineData(JobStatus.Scheduled, true)]
    [InlineData(JobStatus.Queued, true)]
    [InlineData(Running, true)]
    [InlineData(JobStatus.Retrying, true)]
    [InlineData(JobStatus.Cancelling, false)]
    [InlineData(JobStatus.Succeeded, false)]
    public void IsCancellable_ByStatus(JobStatus status, bool cancellable) =>
        JobTransitions.IsCancellable(status).ShouldBe(cancellable);
}
