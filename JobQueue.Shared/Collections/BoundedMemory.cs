namespace JobQueue.Shared.Collections;

/// <summary>
/// What a process remembers about the last <c>capacity</c> keys it heard of (jobs that ended, jobs that were
/// cancelled, a job's recent events): a dictionary that forgets its oldest key when a new one would take it past its
/// capacity, so a memory that serves a long-running process never grows without bound. Thread-safe. The one
/// bounded memory of the dashboard and the worker (docs/design.md, "Inside the dashboard").
/// </summary>
public sealed class BoundedMemory<TKey, TValue>(int capacity) where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TKey, TValue> _items = [];
    private readonly Queue<TKey> _order = new();

    public int Count
    {
        get
        {
            lock (_gate)
                return _items.Count;
        }
    }

    public bool ContainsKey(TKey key)
    {
        lock (_gate)
            return _items.ContainsKey(key);
    }

    public bool TryGetValue(TKey key, out TValue value)
    {
        lock (_gate)
            return _items.TryGetValue(key, out value!);
    }

    /// <returns>false when the key is remembered already (its value is left as it was).</returns>
    public bool TryAdd(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (!_items.TryAdd(key, value))
                return false;
            Remember(key);
            return true;
        }
    }

    /// <summary>The remembered value, or a new one from <paramref name="create"/> (called under the memory's lock: keep it cheap).</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create)
    {
        lock (_gate)
        {
            if (_items.TryGetValue(key, out var value))
                return value;
            value = create(key);
            _items.Add(key, value);
            Remember(key);
            return value;
        }
    }

    private void Remember(TKey key)
    {
        _order.Enqueue(key);
        while (_order.Count > capacity)
            _items.Remove(_order.Dequeue());
    }
}
