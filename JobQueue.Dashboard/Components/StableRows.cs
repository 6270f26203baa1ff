namespace JobQueue.Dashboard.Components;

/// <summary>
/// The rows of a live table, the same <see cref="StableRow{T}"/> instance for the same key from one read to the next.
/// MudTable keys each row by its item (<c>@key="item"</c>): a record read again is a new key, so Blazor makes the row's
/// elements anew, and a click whose mousedown and mouseup straddle that re-creation lands on no button and is lost (the
/// browser sends it to the row's parent). With a stable row the table updates the elements in place.
/// </summary>
public sealed class StableRows<TKey, T>(Func<T, TKey> key) where TKey : notnull
{
    private Dictionary<TKey, StableRow<T>> _rows = [];

    /// <summary>The rows for <paramref name="items"/>, in their order; rows of keys no longer there are forgotten.</summary>
    public IReadOnlyList<StableRow<T>> Update(IEnumerable<T> items)
    {
        var rows = new Dictionary<TKey, StableRow<T>>();
        var ordered = new List<StableRow<T>>();
        foreach (var item in items)
        {
            var id = key(item);
            if (rows.ContainsKey(id))
                continue;
            if (_rows.TryGetValue(id, out var row))
                row.Item = item;
            else
                row = new StableRow<T>(item);
            rows[id] = row;
            ordered.Add(row);
        }
        _rows = rows;
        return ordered;
    }
}
