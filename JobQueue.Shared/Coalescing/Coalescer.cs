namespace JobQueue.Shared.Coalescing;

/// <summary>
/// Runs a flush when something is pending, one flush at a time and at most once per interval: the first signal after a
/// quiet spell flushes at once, and the signals that come while a flush runs or within the interval after it are
/// taken by the next flush. With a zero interval the flush's own duration is the window: what arrives while one batch
/// is on its way goes out together as the next. What is pending lives with the owner (a list, a set of delivery
/// tags, a <c>PendingLiveEvents</c>); this only decides when it is flushed. The one coalescing mechanism of the
/// system (docs/design.md, "Coalescing"): the hub relay, every page's live batches and the jobs page's refresh in
/// the dashboard; the packed job events and the batched acks in the worker.
/// </summary>
public sealed class Coalescer : IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Task _run;
    private int _disposed;

    /// <param name="flush">Takes what is pending and sends it; the token is cancelled when this is disposed.</param>
    /// <param name="onError">Told of a flush that threw; the next signal flushes again.</param>
    public Coalescer(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> flush, Action<Exception> onError)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _interval = interval;
        _time = time;
        _run = RunAsync(flush, onError, _stop.Token);
    }

    /// <summary>Says something is pending; cheap, safe from any thread, and never runs the flush on the caller's thread.</summary>
    public void Signal()
    {
        if (_pending.CurrentCount != 0 || Volatile.Read(ref _disposed) != 0)
            return;
        try
        {
            _pending.Release();
        }
        catch (SemaphoreFullException)
        {
            // Signalled already: the next flush takes this too.
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> flush, Action<Exception> onError, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _pending.WaitAsync(cancellationToken);
                try
                {
                    await flush(cancellationToken);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // One failed flush must not end the flushing.
                    onError(ex);
                }
                if (_interval > TimeSpan.Zero)
                    await Task.Delay(_interval, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Stops: no flush starts after this, and the one running (told by its token) has ended when this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        await _stop.CancelAsync();
        await _run;
        _stop.Dispose();
    }

    /// <summary>Stops without waiting for a running flush (a component's synchronous dispose).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stop.Cancel();
        _ = _run.ContinueWith(_ => _stop.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
