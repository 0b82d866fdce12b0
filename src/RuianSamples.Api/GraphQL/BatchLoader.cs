using GraphQL.DataLoader;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// A per-request batch loader. Resolvers call <see cref="Load"/> and return the pending result;
/// GraphQL.NET completes pending results only after every field of the current level has asked,
/// so the first completion fetches all keys gathered so far in one call. Loaded values are kept
/// for the rest of the request (a key is fetched at most once).
/// Written by hand because the GraphQL.DataLoader package does not resolve here; this is the
/// small part of it we need.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch, TValue missing)
    : IBatchLoader where TKey : notnull
{
    private readonly object _gate = new();
    private readonly Dictionary<TKey, TValue> _loaded = [];
    private Batch? _open;

    /// <summary>How many fetches this loader ran (one per batch).</summary>
    public int Fetches { get; private set; }

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(key, out var value)) return new Ready(value);
            _open ??= new Batch(this);
            _open.Keys.Add(key);
            return new Pending(_open, key);
        }
    }

    /// <summary>Forgets what was loaded (after a mutation wrote: later fields must read the new data).</summary>
    public void Clear()
    {
        lock (_gate) _loaded.Clear();
    }

    /// <summary>Loads several keys as one pending result (for nodes(ids) and similar).</summary>
    public IDataLoaderResult<IReadOnlyList<TValue>> LoadMany(IEnumerable<TKey> keys) =>
        new Many(keys.Select(Load).ToList());

    private sealed class Batch(BatchLoader<TKey, TValue> owner)
    {
        public readonly HashSet<TKey> Keys = [];
        public BatchLoader<TKey, TValue> Owner => owner;
        private Task<IReadOnlyDictionary<TKey, TValue>>? _running;

        public Task<IReadOnlyDictionary<TKey, TValue>> Run(CancellationToken cancellationToken)
        {
            lock (owner._gate)
            {
                if (_running is not null) return _running;
                if (owner._open == this) owner._open = null; // later loads start a new batch
                owner.Fetches++;
                return _running = FetchAndKeep(Keys.ToList(), cancellationToken);
            }
        }

        private async Task<IReadOnlyDictionary<TKey, TValue>> FetchAndKeep(IReadOnlyList<TKey> keys, CancellationToken cancellationToken)
        {
            var values = await owner._fetch(keys, cancellationToken);
            lock (owner._gate)
                foreach (var key in keys)
                    owner._loaded[key] = values.TryGetValue(key, out var value) ? value : owner._missing;
            return values;
        }
    }

    private readonly Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> _fetch = fetch;
    private readonly TValue _missing = missing;

    private sealed class Pending(Batch batch, TKey key) : IDataLoaderResult<TValue>
    {
        public async Task<TValue> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = await batch.Run(cancellationToken);
            return values.TryGetValue(key, out var value) ? value : batch.Owner._missing;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private sealed class Ready(TValue value) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => Task.FromResult(value);
        Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => Task.FromResult<object?>(value);
    }

    private sealed class Many(IReadOnlyList<IDataLoaderResult<TValue>> parts) : IDataLoaderResult<IReadOnlyList<TValue>>
    {
        public async Task<IReadOnlyList<TValue>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new TValue[parts.Count];
            for (var i = 0; i < parts.Count; i++) values[i] = await parts[i].GetResultAsync(cancellationToken);
            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

public interface IBatchLoader
{
    void Clear();
}

/// <summary>Chains a pending result: the mapped value may itself be pending (GraphQL.NET then waits for the next batch round).</summary>
public static class DataLoaderResults
{
    public static IDataLoaderResult Then<T>(this IDataLoaderResult<T> result, Func<T, object?> map) => new Mapped<T>(result, map);

    private sealed class Mapped<T>(IDataLoaderResult<T> inner, Func<T, object?> map) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));
    }
}
