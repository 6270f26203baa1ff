using JobQueue.Dashboard.Jobs.Store;
using JobQueue.Shared.Contracts;
using JobQueue.Shared.State;
using JobQueue.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace JobQueue.Tests.Unit;

/// <summary>Which events of a batch say that a worker missed a job's cancel, so the recorder sends it again.</summary>
public class EventBatchTests
{
    private static readonly DateTime T0 = new(2026, 12, 8, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(JobStatus.Cancelling, JobEventKind.Started, true)]
    [InlineData(JobStatus.Cancelled, JobEventKind.Started, true)]
    [InlineData(JobStatus.Cancelling, JobEventKind.Progress, true)]
    [InlineData(JobStatus.Cancelled, JobEventKind.Progress, true)]
    [InlineData(JobStatus.Running, JobEventKind.Progress, false)]
    [InlineData(JobStatus.Queued, JobEventKind.Started, false)]
    [InlineData(JobStatus.Cancelling, JobEventKind.Cancelled, false)]
    [InlineData(JobStatus.Cancelling, JobEventKind.Succeeded, false)]
    [InlineData(JobStatus.Cancelling, JobEventKind.Failed, false)]
    public void Reduce_AnEventOfAJobInAStatus_SendsItsCancelAgainOnlyWhenTheWorkerMissedIt(JobStatus status, JobEventKind kind, bool again)
    {
        var id = Guid.NewGuid();
        var stored = new Dictionary<Guid, StoredJob> { [id] = new("alice", new JobSnapshot(status, 1, 10, 3, "w", T0)) };

        var batch = EventBatch.Reduce(stored, [new JobEvent(id, kind, 1, "alice", T0.AddSeconds(1), "w", Progress: 20)],
            TestJobData.Protector(false, new EphemeralDataProtectionProvider()));

        batch.Recancel.ShouldBe(again ? [id] : []);
    }

    [Fact]
    public void Reduce_ManyProgressReportsOfOneCancellingJob_SendItsCancelAgainOnce()
    {
        var id = Guid.NewGuid();
        var stored = new Dictionary<Guid, StoredJob> { [id] = new("alice", new JobSnapshot(JobStatus.Cancelling, 1, 10, 3, "w", T0)) };
        var reports = Enumerable.Range(1, 5).Select(i => new JobEvent(id, JobEventKind.Progress, 1, "alice", T0.AddSeconds(i), "w", Progress: 10 + i)).ToList();

        var batch = EventBatch.Reduce(stored, reports, TestJobData.Protector(false, new EphemeralDataProtectionProvider()));

        batch.Recancel.ShouldBe([id]);
    }
}
