using JobQueue.Shared.Collections;

namespace JobQueue.Tests.Unit;

public class BoundedMemoryTests
{
    [Fact]
    public void TryAdd_PastCapacity_ForgetsTheOldestKeysOnly()
    {
        var memory = new BoundedMemory<int, string>(capacity: 3);
        foreach (var key in new[] { 1, 2, 3, 4, 5 })
            memory.TryAdd(key, $"v{key}").ShouldBeTrue();

        memory.Count.ShouldBe(3);
        memory.ContainsKey(1).ShouldBeFalse();
        memory.ContainsKey(2).ShouldBeFalse();
        memory.TryGetValue(5, out var value).ShouldBeTrue();
        value.ShouldBe("v5");
    }

    [Fact]
    public void TryAdd_KeyRememberedAlready_KeepsTheFirstValue()
    {
        var memory = new BoundedMemory<int, string>(capacity: 3);
        memory.TryAdd(1, "first").ShouldBeTrue();
        memory.TryAdd(1, "second").ShouldBeFalse();

        memory.TryGetValue(1, out var value).ShouldBeTrue();
        value.ShouldBe("first");
        memory.Count.ShouldBe(1);
    }

    [Fact]
    public void GetOrAdd_FromManyThreads_CreatesOneValuePerKey_AndStaysBounded()
    {
        var memory = new BoundedMemory<int, List<int>>(capacity: 1_000);
        Parallel.For(0, 20_000, i =>
        {
            var list = memory.GetOrAdd(i % 2_000, _ => []);
            lock (list)
                list.Add(i);
        });

        memory.Count.ShouldBeLessThanOrEqualTo(1_000);
    }
}
