namespace JobQueue.Dashboard.Live;

/// <summary>
/// Runs a flush when something is pending, at most once per interval: the first change after a quiet spell goes out at
/// once, the ones that follow within the interval go out together with the next flush. The one timing mechanism of
/// the live views (the hub relay and every page's <see cref="LiveBatches"/>); what they flush is a
/// <see cref="PendingLiveEvents"/>. Dispose it to stop.
/// </summary>
public sealed class Coalescer : IDisposable
{
    private readonly SemaphoreSlim _pending = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;

    public Coalescer(TimeSpan interval, TimeProvider time, Func<CancellationToken, Task> flush, Action<Exception> onError)
    {
        _interval = interval;
        _time = time;
        _ = RunAsync(flush, onError, _stop.Token);
    }

    /// <summary>Says something is pending; cheap, and safe from any thread.</summary>
    public void Signal()
    {
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Signalled already: the next flush takes this too.
            }
            catch (ObjectDisposedException)
            {
                // Stopped.
            }
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
                    // One failed flush must not end the live updates.
                    onError(ex);
                }
                await Task.Delay(_interval, _time, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
