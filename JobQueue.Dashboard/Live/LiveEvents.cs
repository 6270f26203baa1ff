using System.Collections.Immutable;

namespace JobQueue.Dashboard.Live;

/// <summary>
/// This dashboard instance's one stream of job and worker events. Subscribers are called on the consumer's
/// thread for every event, so they must only take note (buffer, mark dirty) and return; rendering and
/// sending happen elsewhere, coalesced.
/// </summary>
public sealed class LiveEvents(ILogger<LiveEvents> logger, TimeProvider time)
{
    /// <summary>The clock the live views coalesce by.</summary>
    public TimeProvider Time => time;

    private ImmutableArray<Action<LiveEvent>> _subscribers = [];

    public IDisposable Subscribe(Action<LiveEvent> onEvent)
    {
        ImmutableInterlocked.Update(ref _subscribers, s => s.Add(onEvent));
        return new Subscription(this, onEvent);
    }

    public void Publish(LiveEvent liveEvent)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                subscriber(liveEvent);
            }
            catch (Exception ex)
            {
                ReportSubscriberFailure(ex);
            }
        }
    }

    public void ReportSubscriberFailure(Exception exception) => logger.LogError(exception, "A live event subscriber failed");

    private sealed class Subscription(LiveEvents owner, Action<LiveEvent> onEvent) : IDisposable
    {
        public void Dispose() => ImmutableInterlocked.Update(ref owner._subscribers, s => s.Remove(onEvent));
    }
}
