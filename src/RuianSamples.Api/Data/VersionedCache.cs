using RuianSamples.Api.Common;

namespace RuianSamples.Api.Data;

/// <summary>
/// Results that only change when the dataset does (totals, facets): kept per dataset version, so
/// a re-import can never serve a stale count, and bounded in size. Saves counting the whole
/// filtered table on every page of a large catalog.
/// </summary>
public sealed class VersionedCache(CatalogDb db)
{
    public const int MaxEntries = 10_000;
    private BoundedCache<object, object> _entries = new(MaxEntries);
    private string _version = "";

    public async Task<T> GetOrAddAsync<T>(object key, Func<Task<T>> load) where T : notnull
    {
        var version = db.Version;
        if (version != _version)
        {
            _entries = new BoundedCache<object, object>(MaxEntries);
            _version = version;
        }
        var entries = _entries;
        if (entries.TryGetValue(key, out var hit)) return (T)hit;
        var value = await load();
        entries.Set(key, value);
        return value;
    }
}
