using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using static JobQueue.Shared.Contracts.JobStatus;

namespace JobQueue.Tests.Unit;

/// <summary>The one model of a job's state: a table of (state, event) -> (state, timeline entries), then the dashboard's own actions.</summary>
public class JobReducerTests
{
    private static readonly DateTime T0 = new(2026, 12, 1, 12, 0, 0, DateTimeKind.Utc);
    private static DateTime T(int seconds) => T0.AddSeconds(seconds);

    private static readonly JobSnapshot Queued1 = JobSnapshot.Submitted(maxAttempts: 3);
    private static readonly JobSnapshot Running1 = Queued1 with { Status = Running, WorkerId = "w1", StartedAt = T(1) };
    private static readonly JobSnapshot Running2 = Running1 with { Attempt = 2, StartedAt = T(1) };
    private static readonly JobSnapshot Retrying1 = Running1 with { Status = Retrying, Error = "boom", NextAttemptAt = T(5) };
    private static readonly JobSnapshot Cancelling1 = Running1 with { Status = Cancelling, Progress = 20 };
    private static readonly JobSnapshot Succeeded1 = Running1 with { Status = Succeeded, Progress = 100, FinishedAt = T(2), Result = "ok" };

    private static JobEvent Event(JobEventKind kind, int attempt = 1, int at = 2, string? worker = "w1", double? progress = null,
        string? result = null, string? error = null, bool redelivered = false, int? startedAt = null, int? retryAt = null) =>
        new(Guid.Empty, kind, attempt, "u1", T(at), worker, Progress: progress, Result: result, Error: error, Redelivered: redelivered,
            StartedAt: startedAt is { } s ? T(s) : null, RetryAt: retryAt is { } r ? T(r) : null);

    public sealed record Row(string Name, JobSnapshot From, JobEvent Event, JobSnapshot? To, JobStep[] Steps)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Row> Table => new()
    {
        new("queued + started runs it", Queued1, Event(JobEventKind.Started, at: 1),
            Running1, [new(Running, T(1), 1, "w1")]),
        new("queued + progress runs it (started skipped or late)", Queued1, Event(JobEventKind.Progress, at: 1, progress: 40),
            Running1 with { Progress = 40 }, [new(Running, T(1), 1, "w1")]),
        new("queued + outcome with its start: the start is a skipped state", Queued1, Event(JobEventKind.Succeeded, result: "ok", startedAt: 1),
            Succeeded1, [new(Running, T(1), 1, "w1"), new(Succeeded, T(2), 1, "w1")]),
        new("queued + outcome without a start", Queued1, Event(JobEventKind.Succeeded, result: "ok"),
            Succeeded1 with { StartedAt = null }, [new(Succeeded, T(2), 1, "w1")]),
        new("queued + cancelled by the worker", Queued1, Event(JobEventKind.Cancelled),
            Queued1 with { Status = Cancelled, WorkerId = "w1", FinishedAt = T(2) }, [new(Cancelled, T(2), 1, "w1")]),
        new("running + higher progress raises it, no entry", Running1, Event(JobEventKind.Progress, progress: 60),
            Running1 with { Progress = 60 }, []),
        new("running + lower progress changes nothing", Running1 with { Progress = 60 }, Event(JobEventKind.Progress, progress: 20), null, []),
        new("running + duplicate started changes nothing", Running1, Event(JobEventKind.Started), null, []),
        new("running + succeeded", Running1, Event(JobEventKind.Succeeded, result: "ok", startedAt: 1),
            Succeeded1, [new(Succeeded, T(2), 1, "w1")]),
        new("running + failed keeps progress, stores the error", Running1 with { Progress = 30 }, Event(JobEventKind.Failed, error: "bad"),
            Running1 with { Status = Failed, Progress = 30, FinishedAt = T(2), Error = "bad" }, [new(Failed, T(2), 1, "w1", "bad")]),
        new("running + retrying says which attempt failed and when the next is due", Running1, Event(JobEventKind.Retrying, error: "boom", retryAt: 5),
            Retrying1, [new(Retrying, T(2), 1, "w1", "attempt 1 of 3 failed: boom; next attempt at 12:00:05 UTC")]),
        new("retrying + start of the next attempt", Retrying1, Event(JobEventKind.Started, attempt: 2, at: 6, worker: "w2"),
            Retrying1 with { Status = Running, Attempt = 2, WorkerId = "w2", NextAttemptAt = null }, [new(Running, T(6), 2, "w2")]),
        new("retrying + outcome of the next attempt with its start", Retrying1, Event(JobEventKind.Succeeded, attempt: 2, at: 7, worker: "w2", result: "ok", startedAt: 6),
            Retrying1 with { Status = Succeeded, Attempt = 2, Progress = 100, WorkerId = "w2", NextAttemptAt = null, FinishedAt = T(7), Result = "ok", Error = null },
            [new(Running, T(6), 2, "w2"), new(Succeeded, T(7), 2, "w2")]),
        new("retrying + a late start of the failed attempt changes nothing", Retrying1, Event(JobEventKind.Started), null, []),
        new("an event of an earlier attempt changes nothing", Running2, Event(JobEventKind.Failed, attempt: 1), null, []),
        new("cancelling + progress keeps cancelling", Cancelling1, Event(JobEventKind.Progress, progress: 50),
            Cancelling1 with { Progress = 50 }, []),
        new("cancelling + cancelled", Cancelling1, Event(JobEventKind.Cancelled),
            Cancelling1 with { Status = Cancelled, FinishedAt = T(2) }, [new(Cancelled, T(2), 1, "w1")]),
        new("cancelling + succeeded: the job finished first", Cancelling1, Event(JobEventKind.Succeeded, result: "ok"),
            Succeeded1, [new(Succeeded, T(2), 1, "w1")]),
        new("redelivered to another worker: same attempt, progress from 0", Running1 with { Progress = 50 }, Event(JobEventKind.Started, at: 3, worker: "w2", redelivered: true),
            Running1 with { WorkerId = "w2" }, [new(Running, T(3), 1, "w2", "redelivered to another worker")]),
        new("redelivered to the same worker changes nothing", Running1, Event(JobEventKind.Started, redelivered: true), null, []),
        new("succeeded + a duplicate outcome changes nothing", Succeeded1, Event(JobEventKind.Succeeded, result: "again"), null, []),
        new("failed + a late progress changes nothing", Succeeded1 with { Status = Failed }, Event(JobEventKind.Progress, progress: 90), null, []),
        new("cancelled + a late start changes nothing", Queued1 with { Status = Cancelled }, Event(JobEventKind.Started), null, []),
        new("queued notice (the dashboard's own) changes nothing", Queued1, Event(JobEventKind.Queued), null, []),
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Apply_Table(Row row)
    {
        var change = JobReducer.Apply(row.From, row.Event);

        if (row.To is null)
        {
            change.ShouldBeNull();
            return;
        }
        change.ShouldNotBeNull();
        change.State.ShouldBe(row.To);
        change.Steps.ShouldBe(row.Steps);
    }

    [Fact]
    public void Fold_EventsInAnyOrder_EndInTheSameOutcome()
    {
        JobEvent[] events =
        [
            Event(JobEventKind.Started, at: 1),
            Event(JobEventKind.Progress, at: 1, progress: 50),
            Event(JobEventKind.Succeeded, at: 2, result: "ok", startedAt: 1),
        ];
        var orders = new[] { new[] { 0, 1, 2 }, [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0] };
        foreach (var order in orders)
            JobReducer.Fold(Queued1, order.Select(i => events[i])).ShouldBe(Succeeded1, string.Join(",", order));
    }

    [Fact]
    public void Fold_DuplicatedEvents_ChangeNothingTheSecondTime()
    {
        JobEvent[] once = [Event(JobEventKind.Started, at: 1), Event(JobEventKind.Retrying, error: "boom", retryAt: 5)];
        JobReducer.Fold(Queued1, [.. once, .. once, .. once]).ShouldBe(JobReducer.Fold(Queued1, once));
    }

    [Theory]
    [InlineData(Scheduled, JobEventKind.Cancelled, Cancelled, "cancelled before it was due")]
    [InlineData(Queued, JobEventKind.Cancelled, Cancelled, "cancelled before a worker took it")]
    [InlineData(Retrying, JobEventKind.Cancelled, Cancelled, "cancelled while waiting to retry")]
    [InlineData(Running, JobEventKind.Cancelling, Cancelling, "cancel requested")]
    public void RequestCancel_CancellableJob_ChangesIt(JobStatus from, JobEventKind notice, JobStatus to, string note)
    {
        var state = Running1 with { Status = from, NextAttemptAt = from == Retrying ? T(5) : null };

        var change = JobReducer.RequestCancel(state, T(9), out var kind);

        kind.ShouldBe(notice);
        change.ShouldNotBeNull().State.Status.ShouldBe(to);
        change.State.NextAttemptAt.ShouldBeNull();
        change.State.FinishedAt.ShouldBe(to == Cancelled ? T(9) : null);
        change.Steps.ShouldHaveSingleItem().ShouldBe(new JobStep(to, T(9), 1, to == Cancelling ? "w1" : null, note));
    }

    [Fact]
    public void RequestCancel_AlreadyCancelling_SaysSoAndChangesNothing()
    {
        JobReducer.RequestCancel(Cancelling1, T(9), out var kind).ShouldBeNull();
        kind.ShouldBe(JobEventKind.Cancelling);
    }

    [Theory]
    [InlineData(Succeeded)]
    [InlineData(Failed)]
    [InlineData(Cancelled)]
    public void RequestCancel_FinishedJob_ChangesNothing(JobStatus status)
    {
        JobReducer.RequestCancel(Succeeded1 with { Status = status }, T(9), out var kind).ShouldBeNull();
        kind.ShouldBeNull();
    }

    [Theory]
    [InlineData(Scheduled, true)]
    [InlineData(Queued, true)]
    [InlineData(Retrying, true)]
    [InlineData(Running, false)]
    [InlineData(Succeeded, false)]
    public void CancelWaiting_OnlyWaitingJobs(JobStatus status, bool cancelled)
    {
        var change = JobReducer.CancelWaiting(Running1 with { Status = status }, T(9), "purged");
        (change is not null).ShouldBe(cancelled);
        if (change is not null)
            change.Steps.ShouldHaveSingleItem().Note.ShouldBe("purged");
    }

    [Fact]
    public void Release_ScheduledJob_IsQueuedWithADueEntry()
    {
        var scheduled = new JobSnapshot(Scheduled, 1, 0, 3);

        var change = JobReducer.Release(scheduled, T(9)).ShouldNotBeNull();

        change.State.ShouldBe(new JobSnapshot(Queued, 1, 0, 3));
        change.Steps.ShouldHaveSingleItem().ShouldBe(new JobStep(Queued, T(9), 1, null, "due"));
    }

    [Theory]
    [InlineData(Queued)]
    [InlineData(Cancelled)]
    [InlineData(Running)]
    public void Release_AJobNoLongerScheduled_ChangesNothing(JobStatus status) =>
        JobReducer.Release(new JobSnapshot(status, 1, 0, 3), T(9)).ShouldBeNull();

    [Fact]
    public void Requeue_FailedJob_StartsANewAttemptFromScratch()
    {
        var failed = Running1 with { Status = Failed, Progress = 30, FinishedAt = T(2), Error = "bad" };

        var change = JobReducer.Requeue(failed, T(9), "admin@x").ShouldNotBeNull();

        change.State.ShouldBe(new JobSnapshot(Queued, 2, 0, 3));
        change.Steps.ShouldHaveSingleItem().ShouldBe(new JobStep(Queued, T(9), 2, null, "requeued from the dead letters by admin@x"));
        JobReducer.Requeue(Succeeded1, T(9), "admin@x").ShouldBeNull();
    }
}
