namespace JobQueue.Shared.Collections;

/// <summary>
/// The newest <c>capacity</c> items, oldest first: adding to a full buffer overwrites its oldest item. Not
/// thread-safe; its owner locks. The one ring of the worker's and the dashboard's recent log lines.
/// </summary>
public sealed class CircularBuffer<T>(int capacity)
{
    private readonly T[] _items = capacity > 0 ? new T[capacity] : throw new ArgumentOutOfRangeException(nameof(capacity));
    private int _start;

    public int Count { get; private set; }

    public int Capacity => _items.Length;

    public void Add(T item)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = item;
            Count++;
            return;
        }
        _items[_start] = item;
        _start = (_start + 1) % _items.Length;
    }

    /// <summary>A copy of the items, oldest first.</summary>
    public List<T> ToList()
    {
        var list = new List<T>(Count);
        for (var i = 0; i < Count; i++)
            list.Add(_items[(_start + i) % _items.Length]);
        return list;
    }
}
