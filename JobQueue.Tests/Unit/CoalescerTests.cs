using JobQueue.Shared.Coalescing;
using Microsoft.Extensions.Time.Testing;

namespace JobQueue.Tests.Unit;

/// <summary>When the one coalescing mechanism flushes, on a fake clock: at once after a quiet spell, then at most once per interval.</summary>
public sealed class CoalescerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private int _flushes;

    private Coalescer Create(TimeSpan interval, Func<Task>? flush = null, Action<Exception>? onError = null) =>
        new(interval, _time, async _ =>
        {
            Interlocked.Increment(ref _flushes);
            if (flush is not null)
                await flush();
        }, onError ?? (ex => throw new InvalidOperationException("unexpected flush failure", ex)));

    private async Task FlushesReachAsync(int count)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (Volatile.Read(ref _flushes) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"{count} flush(es) expected, {_flushes} seen");
            await Task.Delay(10);
        }
    }

    /// <summary>Gives the coalescer's loop real time to run: proves something did not happen.</summary>
    private static Task SettleAsync() => Task.Delay(200);

    [Fact]
    public async Task Signal_AfterAQuietSpell_FlushesAtOnce()
    {
        await using var coalescer = Create(Interval);

        coalescer.Signal();

        await FlushesReachAsync(1);
    }

    [Fact]
    public async Task Signals_WithinTheInterval_GoOutTogetherWhenItEnds()
    {
        await using var coalescer = Create(Interval);
        coalescer.Signal();
        await FlushesReachAsync(1);

        coalescer.Signal();
        coalescer.Signal();
        coalescer.Signal();
        await SettleAsync();
        _flushes.ShouldBe(1);

        _time.Advance(Interval);
        await FlushesReachAsync(2);
        _time.Advance(Interval);
        await SettleAsync();
        _flushes.ShouldBe(2);
    }

    [Fact]
    public async Task Signals_WhileAFlushRuns_WithNoInterval_GoOutTogetherRightAfterIt()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var coalescer = Create(TimeSpan.Zero, () => Volatile.Read(ref _flushes) == 1 ? release.Task : Task.CompletedTask);
        coalescer.Signal();
        await FlushesReachAsync(1);

        coalescer.Signal();
        coalescer.Signal();
        await SettleAsync();
        _flushes.ShouldBe(1);
        release.SetResult();

        await FlushesReachAsync(2);
        await SettleAsync();
        _flushes.ShouldBe(2);
    }

    [Fact]
    public async Task Flush_Throws_IsReportedAndTheNextSignalFlushesAgain()
    {
        var errors = new List<Exception>();
        await using var coalescer = Create(TimeSpan.Zero,
            () => Volatile.Read(ref _flushes) == 1 ? throw new InvalidOperationException("database down") : Task.CompletedTask,
            ex => { lock (errors) errors.Add(ex); });
        coalescer.Signal();
        await FlushesReachAsync(1);

        coalescer.Signal();

        await FlushesReachAsync(2);
        lock (errors)
            errors.ShouldHaveSingleItem().Message.ShouldBe("database down");
    }

    [Fact]
    public async Task DisposeAsync_WaitsForTheRunningFlush_AndNoFlushStartsAfter()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finished = false;
        var coalescer = Create(TimeSpan.Zero, async () =>
        {
            await release.Task;
            finished = true;
        });
        coalescer.Signal();
        await FlushesReachAsync(1);

        var disposing = coalescer.DisposeAsync().AsTask();
        await SettleAsync();
        disposing.IsCompleted.ShouldBeFalse("dispose returned while a flush was still running");
        release.SetResult();
        await disposing.WaitAsync(Bound);
        finished.ShouldBeTrue();

        coalescer.Signal();
        await SettleAsync();
        _flushes.ShouldBe(1);
    }
}
