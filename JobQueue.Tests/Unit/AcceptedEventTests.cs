using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;

namespace JobQueue.Tests.Unit;

/// <summary>When a stored event starts or ends an attempt, for the metrics: each attempt counted once, its dropped start too.</summary>
public class AcceptedEventTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    // A start after Queued starts the attempt.
    [InlineData(JobEventKind.Started, JobStatus.Queued, 1, false, 1, true, false)]
    // An outcome whose start was dropped (the job was Queued when it came) starts and ends it.
    [InlineData(JobEventKind.Succeeded, JobStatus.Queued, 1, false, 1, true, true)]
    // An outcome after the stored start only ends it.
    [InlineData(JobEventKind.Succeeded, JobStatus.Running, 1, true, 1, false, true)]
    // Progress after the start is neither.
    [InlineData(JobEventKind.Progress, JobStatus.Running, 1, true, 1, false, false)]
    // The next attempt's start, after a retry of the first.
    [InlineData(JobEventKind.Started, JobStatus.Retrying, 1, true, 2, true, false)]
    // A retrying ends the failed attempt.
    [InlineData(JobEventKind.Retrying, JobStatus.Running, 1, true, 1, false, true)]
    public void StartsAndEnds_ByKindAndTheStateBefore(JobEventKind kind, JobStatus before, int beforeAttempt, bool beforeStarted, int attempt,
        bool starts, bool ends)
    {
        var startedAt = T0.AddSeconds(attempt);
        var state = new JobSnapshot(before, beforeAttempt, 0, 3, StartedAt: beforeStarted ? T0.AddSeconds(beforeAttempt) : null);
        var accepted = new AcceptedEvent(new JobEvent(Guid.NewGuid(), kind, attempt, "o", startedAt.AddSeconds(1), StartedAt: startedAt), state);
        accepted.StartsAttempt.ShouldBe(starts);
        accepted.EndsAttempt.ShouldBe(ends);
    }

    [Fact]
    public void CancelledBeforeItStarted_NeitherStartsNorRan() =>
        new AcceptedEvent(new JobEvent(Guid.NewGuid(), JobEventKind.Cancelled, 1, "o", T0), JobSnapshot.Submitted(3)).StartsAttempt.ShouldBeFalse();
}
