namespace JobQueue.Tests.Infrastructure;

/// <summary>
/// A system with JobQueue's default minimum recurring interval (the shared test system lowers it) and small per-user
/// and per-key limits, for <c>UserLimitsTests</c>: each test there uses users, keys and queues of its own.
/// </summary>
public sealed class LimitedSystem : JobQueueSystem
{
    public LimitedSystem()
    {
        DashboardSettings = new Dictionary<string, string>
        {
            ["Jobs__MinRecurringInterval"] = "00:01:00",
            ["Jobs__MaxRecurringJobsPerUser"] = "3",
            ["Live__MaxHubConnectionsPerUser"] = "3",
            ["HttpWorkers__MaxWorkerIdsPerKey"] = "3",
            ["Jobs__SubmitRatePerSecond"] = "1",
            ["Jobs__SubmitBurst"] = "5",
        };
    }
}
