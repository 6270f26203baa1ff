using JobQueue.Shared.Coalescing;
using RabbitMQ.Client;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// Acks one channel's deliveries a few at a time. A job is handed here only after its outcome is confirmed, as before;
/// what changes is the frame: at most once per <see cref="Window"/> (a <see cref="Coalescer"/>), the finished deliveries that form an unbroken run
/// from the oldest one still unsettled go out as one multiple-ack, and the others one by one (a long job never holds
/// back the acks of the short ones after it by more than a window). Each ack a quorum queue takes is a log entry,
/// so at thousands of jobs a second one multiple-ack instead of dozens of single ones is much of the broker's cost.
/// A lost ack (the channel closed) means the broker delivers the job again, which the forward-only state machine
/// makes harmless, as any unacked delivery.
/// </summary>
public sealed class AckBatcher : IAsyncDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);

    private readonly IChannel _channel;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SortedSet<ulong> _unsettled = [];
    private readonly SortedSet<ulong> _done = [];
    private readonly Coalescer _flushes;
    private bool _stopped;

    public AckBatcher(IChannel channel, TimeProvider time, ILogger logger)
    {
        _channel = channel;
        _logger = logger;
        // Not cancelled half-way: the tags a flush takes are acked, or it says why not.
        _flushes = new Coalescer(Window, time, _ => FlushAsync(), AckFailed);
    }

    /// <summary>A delivery arrived: it is unsettled until it is acked or nacked.</summary>
    public void Delivered(ulong deliveryTag)
    {
        lock (_gate)
            _unsettled.Add(deliveryTag);
    }

    /// <summary>
    /// The delivery will never be settled on this channel (its outcome could not be published; the broker delivers it
    /// again): it must not hold back the acks of the deliveries after it.
    /// </summary>
    public void Abandon(ulong deliveryTag)
    {
        lock (_gate)
        {
            _unsettled.Remove(deliveryTag);
            _done.Remove(deliveryTag);
        }
    }

    /// <summary>Gives the delivery back to the broker (requeue) or to the dead letters, at once, on its own channel.</summary>
    public async Task NackAsync(ulong deliveryTag, bool requeue)
    {
        lock (_gate)
            _unsettled.Remove(deliveryTag);
        try
        {
            await _channel.BasicNackAsync(deliveryTag, multiple: false, requeue);
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.AlreadyClosedException or ObjectDisposedException)
        {
            // The channel is gone, and with it the delivery: the broker requeues it by itself.
        }
    }

    /// <summary>The delivery's outcome is confirmed: ack it with the next batch (nothing, once this channel is gone: the broker delivers it again).</summary>
    public void Ack(ulong deliveryTag)
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            _unsettled.Add(deliveryTag);
            _done.Add(deliveryTag);
        }
        _flushes.Signal();
    }

    private async Task FlushAsync()
    {
        ulong? upTo = null;
        List<ulong> single;
        lock (_gate)
        {
            foreach (var tag in _unsettled)
            {
                if (!_done.Contains(tag))
                    break;
                upTo = tag;
            }
            if (upTo is { } last)
            {
                _unsettled.RemoveWhere(t => t <= last);
                _done.RemoveWhere(t => t <= last);
            }
            single = [.. _done];
            foreach (var tag in single)
                _unsettled.Remove(tag);
            _done.Clear();
        }
        try
        {
            if (upTo is { } last)
                await _channel.BasicAckAsync(last, multiple: true);
            foreach (var tag in single)
                await _channel.BasicAckAsync(tag, multiple: false);
        }
        catch (Exception ex)
        {
            AckFailed(ex);
        }
    }

    private void AckFailed(Exception ex) => _logger.LogWarning(ex, "Could not ack finished jobs; the broker will deliver them again");

    /// <summary>Stops batching and sends what is waiting, if the channel is still open.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
            _stopped = true;
        await _flushes.DisposeAsync();
        if (_channel.IsOpen)
            await FlushAsync();
    }
}
