namespace JobQueue.Dashboard.Components;

/// <summary>One table row whose identity outlives a reload: <see cref="StableRows{TKey, T}"/> keeps it per key and replaces its <see cref="Item"/>.</summary>
public sealed class StableRow<T>(T item)
{
    public T Item { get; internal set; } = item;
}
