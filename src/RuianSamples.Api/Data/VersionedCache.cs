using RuianSamples.Api.Common;

namespace RuianSamples.Api.Data;

/// <summary>
/// Results that only change when the dataset does (totals, facets, a query's reading and ranked matches): kept per
/// dataset version, so a re-import can never serve a stale count, and bounded in size. Saves counting the whole
/// filtered table on every page of a large catalog.
/// </summary>
public sealed class VersionedCache
{
    public const int MaxEntries = 10_000;

    // One version's entries as one object, swapped whole: a request finds its entries by its own version, so a result
    // read at one version is never handed to a request reading another, however requests of two versions interleave.
    private sealed record Generation(string Version, BoundedCache<object, object> Entries);

    private readonly Func<string> _version;
    private Generation _current = new("", new BoundedCache<object, object>(MaxEntries));

    public VersionedCache(CatalogDb db) : this(() => db.Version) { }

    /// <summary>For tests: the version each call reads.</summary>
    internal VersionedCache(Func<string> version) => _version = version;

    public async Task<T> GetOrAddAsync<T>(object key, Func<Task<T>> load) where T : notnull
    {
        var version = _version();
        var generation = Volatile.Read(ref _current);
        if (generation.Version != version)
        {
            // A request still reading an older snapshot computes its own result and keeps nothing: it must not push
            // the newer version's entries out (they would be read again by every request of the newer version).
            if (generation.Version.Length > 0 && !DatasetVersion.IsNewer(version, generation.Version)) return await load();
            var fresh = new Generation(version, new BoundedCache<object, object>(MaxEntries));
            var seen = Interlocked.CompareExchange(ref _current, fresh, generation);
            generation = seen == generation ? fresh : seen;
            if (generation.Version != version) return await load();
        }
        if (generation.Entries.TryGetValue(key, out var hit)) return (T)hit;
        var value = await load();
        generation.Entries.Set(key, value);
        return value;
    }
}
