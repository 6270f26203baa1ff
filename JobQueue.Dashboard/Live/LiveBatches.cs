using JobQueue.Shared.Coalescing;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// A component's subscription to the live stream that hands it the events in batches, at most one batch per
/// <see cref="Interval"/> (<see cref="Coalescer"/>): a page stays responsive while thousands of events a second arrive
/// (a few renders a second, as the Aspire dashboard does). By default a batch holds each job's newest event only
/// (<see cref="PendingLiveEvents"/>), so a page that falls behind catches up at once; a page that shows one job's whole
/// timeline asks for every event. Dispose it with the component.
/// </summary>
public sealed class LiveBatches : IDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly IDisposable _subscription;
    private readonly Coalescer _coalescer;

    public LiveBatches(LiveEvents events, Func<LiveEvent, bool> wanted, Func<IReadOnlyList<LiveEvent>, Task> onBatch, bool everyEvent = false)
    {
        var pending = new PendingLiveEvents(newestPerJob: !everyEvent);
        _coalescer = new Coalescer(Interval, events.Time, async _ =>
        {
            var batch = pending.TakeAll();
            if (batch.Count > 0)
                await onBatch(batch);
        }, events.ReportSubscriberFailure);
        _subscription = events.Subscribe(e =>
        {
            if (!wanted(e))
                return;
            pending.Add(e);
            _coalescer.Signal();
        });
    }

    public void Dispose()
    {
        _subscription.Dispose();
        _coalescer.Dispose();
    }
}
