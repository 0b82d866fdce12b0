namespace RuianSamples.Api.Data;

/// <summary>
/// Results that only change when the dataset does (totals, facets, a query's reading and ranked matches): kept per
/// dataset version, so a re-import can never serve a stale count, and bounded in size. Saves counting the whole
/// filtered table on every page of a large catalog.
/// </summary>
public sealed class VersionedCache
{
    public const int MaxEntries = 10_000;

    private readonly VersionedMap<object, object> _entries;

    public VersionedCache(CatalogDb db) : this(() => db.Version) { }

    /// <summary>For tests: the version each call reads.</summary>
    internal VersionedCache(Func<string> version) => _entries = new(version, MaxEntries);

    public async Task<T> GetOrAddAsync<T>(object key, Func<Task<T>> load) where T : notnull
    {
        var entries = _entries.Entries();
        if (entries is null) return await load();
        if (entries.TryGetValue(key, out var hit)) return (T)hit;
        var value = await load();
        entries.Set(key, value);
        return value;
    }
}
