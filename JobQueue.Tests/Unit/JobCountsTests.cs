using JobQueue.Dashboard.Jobs;
using JobQueue.Shared.Contracts;

namespace JobQueue.Tests.Unit;

public class JobCountsTests
{
    [Fact]
    public void From_SomeStatuses_ListsEveryStatus_WithZeroForTheMissing_AndTotals()
    {
        var counts = JobCounts.From([(JobStatus.Failed, 2), (JobStatus.Queued, 5)]);

        counts.ByStatus.Keys.ShouldBe(Enum.GetValues<JobStatus>());
        counts[JobStatus.Failed].ShouldBe(2);
        counts[JobStatus.Queued].ShouldBe(5);
        counts[JobStatus.Running].ShouldBe(0);
        counts.Total.ShouldBe(7);
    }
}
