using JobQueue.Shared.Contracts;
using JobQueue.Worker.Consuming;

namespace JobQueue.Tests.Unit;

public class PriorityBufferTests
{
    [Fact]
    public async Task Take_AHighItemBehindManyNormalOnes_ComesNext()
    {
        var buffer = new PriorityBuffer<string>();
        for (var i = 0; i < 1000; i++)
            buffer.Add(JobPriority.Normal, $"n{i}");
        (await buffer.TakeAsync(CancellationToken.None)).ShouldBe("n0");

        buffer.Add(JobPriority.High, "h");

        (await buffer.TakeAsync(CancellationToken.None)).ShouldBe("h");
    }

    [Fact]
    public async Task Take_AllThreeWaiting_GoesByTheWeights_SixThreeOne()
    {
        var buffer = new PriorityBuffer<JobPriority>();
        foreach (var priority in new[] { JobPriority.High, JobPriority.Normal, JobPriority.Low })
        {
            for (var i = 0; i < 1000; i++)
                buffer.Add(priority, priority);
        }

        var taken = new List<JobPriority>();
        for (var i = 0; i < 100; i++)
            taken.Add(await buffer.TakeAsync(CancellationToken.None));

        taken.Count(p => p == JobPriority.High).ShouldBe(60);
        taken.Count(p => p == JobPriority.Normal).ShouldBe(30);
        taken.Count(p => p == JobPriority.Low).ShouldBe(10);
        // Smooth: low is never kept waiting for more than ten picks in a row.
        taken.Take(10).ShouldContain(JobPriority.Low);
    }

    [Fact]
    public async Task Take_OnlyLowWaiting_TakesLow_AndWaitsForTheNextItem()
    {
        var buffer = new PriorityBuffer<string>();
        buffer.Add(JobPriority.Low, "l");
        (await buffer.TakeAsync(CancellationToken.None)).ShouldBe("l");

        var next = buffer.TakeAsync(CancellationToken.None);
        await Task.Delay(50);
        next.IsCompleted.ShouldBeFalse();
        buffer.Add(JobPriority.Normal, "n");
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).ShouldBe("n");
    }

    [Fact]
    public void RemoveWhere_TakesOutTheMatchingItems_OfEveryLane()
    {
        var buffer = new PriorityBuffer<string>();
        buffer.Add(JobPriority.High, "a1");
        buffer.Add(JobPriority.Low, "a2");
        buffer.Add(JobPriority.Normal, "b1");

        buffer.RemoveWhere(s => s.StartsWith('a')).ShouldBe(["a1", "a2"], ignoreOrder: true);

        buffer.Count.ShouldBe(1);
    }
}
