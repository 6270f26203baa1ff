using JobQueue.Shared.Contracts;

namespace JobQueue.Worker.Consuming;

/// <summary>
/// The deliveries a worker holds but has not started, one lane per priority, taken one at a time by weight
/// (docs/design.md, "Priorities"): a smooth weighted round robin over the lanes that hold something, high 6, normal 3,
/// low 1. So a high-priority job waits for at most one normal or low pick, and a low one gets a tenth of the picks
/// however many high ones keep coming: low is never starved. One taker; any number of adders.
/// </summary>
public sealed class PriorityBuffer<T>
{
    private static readonly int[] Weights = [6, 3, 1];

    private readonly Lock _gate = new();
    private readonly Queue<T>[] _lanes = [new(), new(), new()];
    private readonly int[] _current = new int[3];
    private TaskCompletionSource? _waiter;

    public int Count
    {
        get
        {
            lock (_gate)
                return _lanes.Sum(l => l.Count);
        }
    }

    public void Add(JobPriority priority, T item)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            _lanes[Lane(priority)].Enqueue(item);
            waiter = _waiter;
            _waiter = null;
        }
        waiter?.TrySetResult();
    }

    /// <summary>The next item by weight, waiting until there is one.</summary>
    public async Task<T> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (TryTake(out var item))
                    return item;
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            await wait.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Takes out every item that matches (deliveries of a consumer that stopped), in no particular order.</summary>
    public List<T> RemoveWhere(Func<T, bool> match)
    {
        var removed = new List<T>();
        lock (_gate)
        {
            foreach (var lane in _lanes)
            {
                var kept = new Queue<T>(lane.Count);
                while (lane.TryDequeue(out var item))
                {
                    if (match(item))
                        removed.Add(item);
                    else
                        kept.Enqueue(item);
                }
                while (kept.TryDequeue(out var item))
                    lane.Enqueue(item);
            }
        }
        return removed;
    }

    private bool TryTake(out T item)
    {
        var best = -1;
        var total = 0;
        for (var lane = 0; lane < _lanes.Length; lane++)
        {
            // An empty lane starts afresh when it fills again: no burst, and no debt, from before.
            if (_lanes[lane].Count == 0)
            {
                _current[lane] = 0;
                continue;
            }
            _current[lane] += Weights[lane];
            total += Weights[lane];
            if (best < 0 || _current[lane] > _current[best])
                best = lane;
        }
        if (best < 0)
        {
            item = default!;
            return false;
        }
        _current[best] -= total;
        item = _lanes[best].Dequeue();
        return true;
    }

    private static int Lane(JobPriority priority) => priority switch
    {
        JobPriority.High => 0,
        JobPriority.Low => 2,
        _ => 1,
    };
}
