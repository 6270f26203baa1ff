using System.Net;
using System.Text.Json;
using JobQueue.Dashboard.Jobs;
using JobQueue.Tests.Infrastructure;

namespace JobQueue.Tests.Integration;

/// <summary>
/// Priorities within a queue, on the real broker: each priority has its own quorum queue and a worker starts the next
/// job by weight, so a high job overtakes the normal ones waiting before it and low ones still run among high ones.
/// </summary>
[Collection(SystemTests.Name)]
public class PriorityTests(JobQueueSystem system)
{
    private static readonly Dictionary<string, string> OneAtATime = new() { ["Worker__Concurrency"] = "1" };

    [Fact]
    public async Task HighJob_SubmittedBehind500WaitingNormalOnes_StartsAmongTheNextFew()
    {
        using var user = await system.NewUserAsync();
        var queue = await system.NewQueueAsync("prio-high");
        var normal = await SubmitAsync(user, queue, "normal", 500);
        var high = (await SubmitAsync(user, queue, "high", 1)).Single();

        await using (await system.StartWorkerAsync(queue, "prio-high-1", OneAtATime))
        {
            var order = await StartOrderAsync(user, queue, 501);

            order.IndexOf(high).ShouldBeLessThan(3, $"the high job started as number {order.IndexOf(high) + 1} of 501");
            order.Count(normal.Contains).ShouldBe(500);
        }
    }

    [Fact]
    public async Task LowJobs_AmongManyHighOnes_StillRun_ByTheirWeight()
    {
        using var user = await system.NewUserAsync();
        var queue = await system.NewQueueAsync("prio-low");
        var low = await SubmitAsync(user, queue, "low", 30);
        var high = await SubmitAsync(user, queue, "high", 300);

        await using (await system.StartWorkerAsync(queue, "prio-low-1", OneAtATime))
        {
            var order = await StartOrderAsync(user, queue, 330);

            // Weights 6 (high) to 1 (low): about one start in seven is a low job while both wait.
            var lowInFirst70 = order.Take(70).Count(low.Contains);
            lowInFirst70.ShouldBeInRange(5, 30, $"{lowInFirst70} of the first 70 jobs started were low");
            order.Take(70).Count(high.Contains).ShouldBeGreaterThan(40);
        }
    }

    private static async Task<HashSet<Guid>> SubmitAsync(ApiClient user, string queue, string priority, int count)
    {
        var jobs = string.Join(",", Enumerable.Range(0, count).Select(i =>
            $"{{\"type\":\"reverse_string\",\"payload\":\"{priority}-{i}\",\"queue\":\"{queue}\",\"priority\":\"{priority}\"}}"));
        var response = await user.PostJsonAsync("/api/jobs/batch", $"{{\"jobs\":[{jobs}]}}");
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var submitted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("jobs").EnumerateArray().ToList();
        submitted.ShouldAllBe(j => j.GetProperty("priority").GetString() == priority);
        return [.. submitted.Select(j => j.GetProperty("id").GetGuid())];
    }

    /// <summary>The queue's jobs in the order they started, once all <paramref name="count"/> have succeeded.</summary>
    private static async Task<List<Guid>> StartOrderAsync(ApiClient user, string queue, int count)
    {
        await Eventually.ReadAsync(() => user.ListAsync($"?queue={queue}&status=Succeeded&pageSize=1"), page => page.Total == count,
            $"all {count} jobs of {queue} done", TimeSpan.FromSeconds(120));
        var jobs = new List<JobDto>();
        for (var page = 1; jobs.Count < count; page++)
            jobs.AddRange((await user.ListAsync($"?queue={queue}&pageSize=500&page={page}")).Items);
        return [.. jobs.OrderBy(j => j.StartedAt).Select(j => j.Id)];
    }
}
