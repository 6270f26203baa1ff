namespace JobQueue.Worker.Consuming;

/// <summary>A semaphore whose limit can change while it is in use (an admin sets a worker's concurrency live).</summary>
public sealed class ConcurrencyLimit(int limit)
{
    private readonly Lock _gate = new();
    private readonly Queue<TaskCompletionSource> _waiting = new();
    private int _limit = limit;
    private int _inUse;

    public int Limit
    {
        get
        {
            lock (_gate)
                return _limit;
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_inUse < _limit)
            {
                _inUse++;
                return Task.CompletedTask;
            }
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (cancellationToken.CanBeCanceled)
                cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
            _waiting.Enqueue(waiter);
            return waiter.Task;
        }
    }

    public void Release()
    {
        lock (_gate)
        {
            _inUse--;
            Grant();
        }
    }

    /// <summary>Raising the limit lets waiters in at once; lowering it lets running work finish and admits no more until below.</summary>
    public void SetLimit(int limit)
    {
        lock (_gate)
        {
            _limit = limit;
            Grant();
        }
    }

    private void Grant()
    {
        while (_inUse < _limit && _waiting.TryDequeue(out var waiter))
        {
            if (waiter.TrySetResult())
                _inUse++;
        }
    }
}
