using System.Collections.Concurrent;

namespace RuianSamples.Api.Common;

/// <summary>
/// A concurrent map that keeps at most <c>capacity</c> entries and starts over when full (every cache here: readings,
/// ranked matches, facets, rendered responses, parsed GraphQL documents, persisted queries). It counts its own adds because
/// <see cref="ConcurrentDictionary{TKey,TValue}.Count"/> takes every one of the dictionary's locks, and their number
/// grows with the table (1,024 by 10,000 entries): about 10 µs on every add, which is every cache miss. Starting over
/// swaps in a new table, so each table's count is exactly what it holds, however the adds race.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private sealed class Table(IEqualityComparer<TKey>? comparer)
    {
        public readonly ConcurrentDictionary<TKey, TValue> Entries = new(comparer);
        public int Count;
    }

    private Table _table = new(comparer);

    public int Capacity { get; } = capacity;

    public int Count => Volatile.Read(ref Volatile.Read(ref _table).Count);

    public bool TryGetValue(TKey key, out TValue value) => Volatile.Read(ref _table).Entries.TryGetValue(key, out value!);

    public bool ContainsKey(TKey key) => Volatile.Read(ref _table).Entries.ContainsKey(key);

    /// <summary>Adds or replaces; a full cache starts over first. Returns whether the key was new.</summary>
    public bool Set(TKey key, TValue value)
    {
        var table = Volatile.Read(ref _table);
        if (Volatile.Read(ref table.Count) >= Capacity)
        {
            // One racer swaps; the others add to whichever table won. An add to the old table in flight is dropped with it.
            Interlocked.CompareExchange(ref _table, new Table(comparer), table);
            table = Volatile.Read(ref _table);
        }
        if (table.Entries.TryAdd(key, value))
        {
            Interlocked.Increment(ref table.Count);
            return true;
        }
        table.Entries[key] = value;
        return false;
    }

    public void Clear() => Volatile.Write(ref _table, new Table(comparer));
}
