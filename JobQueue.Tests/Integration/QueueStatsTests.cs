using JobQueue.Dashboard.Live;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

[Collection(SystemTests.Name)]
public class QueueStatsTests(JobQueueSystem system)
{
    private static async Task<QueueSnapshot> WaitForQueueAsync(ApiClient api, string queue, Func<QueueSnapshot, bool> condition, string what)
    {
        var stats = await api.WaitForQueueAsync(queue, condition, what);
        stats!.Source.ShouldBe(QueueStatsSource.Management);
        return stats.Queues.First(q => q.Name == queue);
    }

    [Fact]
    public async Task QueueFigures_FollowRealDepthAndConsumers_AsAWorkerStartsAndStops()
    {
        using var user = await system.NewUserAsync();
        var queue = await system.NewQueueAsync("stats");
        for (var i = 0; i < 3; i++)
            await user.SubmitAsync("sleep", "{\"seconds\": 0.2, \"steps\": 1}", queue);

        var waiting = await WaitForQueueAsync(user, queue, q => q.Ready == 3, "3 ready");
        waiting.Consumers.ShouldBe(0);
        waiting.Total.ShouldBe(3);

        await using var worker = await system.StartWorkerAsync(queue, "stats-1");
        var drained = await WaitForQueueAsync(user, queue, q => q.Consumers == 1 && q.Total == 0, "1 consumer and nothing left");
        drained.Ready.ShouldBe(0);

        await worker.StopAsync(TimeSpan.FromSeconds(30));
        await WaitForQueueAsync(user, queue, q => q.Consumers == 0, "0 consumers after the worker stopped");
    }
}
