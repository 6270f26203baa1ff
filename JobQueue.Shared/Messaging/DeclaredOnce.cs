using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace JobQueue.Shared.Messaging;

/// <summary>
/// What a publish needs declared (a job queue, a retry delay queue), declared once per key on the publisher's channel.
/// A declare or a publish that fails forgets its key, so the next publish declares again: the declare may never have
/// run (the broker was down) or the broker may have lost what it declared.
/// </summary>
public sealed class DeclaredOnce<TKey>(ConfirmingPublisher publisher, Func<IChannel, TKey, Task> declare) where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Task> _declared = new();

    /// <summary>The key's declare must run again before its next publish (what it declared was deleted).</summary>
    public void Forget(TKey key) => _declared.TryRemove(key, out _);

    public async Task PublishAsync(TKey key, Func<Task> publish, CancellationToken cancellationToken)
    {
        try
        {
            await _declared.GetOrAdd(key, k => publisher.WithChannelAsync(channel => declare(channel, k), cancellationToken));
            await publish();
        }
        catch
        {
            _declared.TryRemove(key, out _);
            throw;
        }
    }
}
