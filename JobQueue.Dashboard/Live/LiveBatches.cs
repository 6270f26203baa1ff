using System.Collections.Concurrent;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// A component's subscription to the live stream that hands it the events in batches, at most one batch per
/// <see cref="Interval"/>: a page stays responsive while thousands of events a second arrive (a few renders a
/// second, as the Aspire dashboard does). Dispose it with the component.
/// </summary>
public sealed class LiveBatches : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentQueue<LiveEvent> _pending = new();
    private readonly IDisposable _subscription;
    private readonly CancellationTokenSource _stop = new();
    private readonly LiveEvents _events;

    public LiveBatches(LiveEvents events, Func<LiveEvent, bool> wanted, Func<IReadOnlyList<LiveEvent>, Task> onBatch)
    {
        _events = events;
        _subscription = events.Subscribe(e =>
        {
            if (wanted(e))
                _pending.Enqueue(e);
        });
        _ = DeliverAsync(onBatch, _stop.Token);
    }

    private async Task DeliverAsync(Func<IReadOnlyList<LiveEvent>, Task> onBatch, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (_pending.IsEmpty)
                    continue;
                var batch = new List<LiveEvent>(_pending.Count);
                while (_pending.TryDequeue(out var liveEvent))
                    batch.Add(liveEvent);
                try
                {
                    await onBatch(batch);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // One failed render must not end the page's live updates.
                    _events.ReportSubscriberFailure(ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The component went away.
        }
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _stop.Cancel();
        _stop.Dispose();
    }
}
