using System.Collections.Concurrent;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// Records of one small table (source references: 5 rows in the real catalog, with counts that scan the figures and
/// reforms citing them; the synthetic catalogs add none) kept for the dataset version they were read at: read once
/// per version, a page costs the same at 10^2 and 10^5 records. A write makes a new version, and the
/// first request that reads it fetches what it needs again. Bounded by the table's size (a few KB).
/// </summary>
public sealed class VersionedRecords<TKey, TValue>(CatalogDb db) where TKey : notnull
{
    private sealed record Generation(string Version, ConcurrentDictionary<TKey, TValue> Records);

    private Generation? _current;

    /// <summary>The records with these keys at the version this request reads; <paramref name="fetch"/> reads those not known yet.</summary>
    public async Task<IReadOnlyDictionary<TKey, TValue>> GetAsync(IReadOnlyList<TKey> keys, Func<IReadOnlyList<TKey>, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    {
        var version = db.Version;
        var generation = _current;
        if (generation is null || generation.Version != version)
        {
            generation = new Generation(version, new ConcurrentDictionary<TKey, TValue>());
            // A request still reading an older snapshot does not push the newer version out.
            if (_current is null || DatasetVersion.IsNewer(version, _current.Version)) _current = generation;
        }
        var missing = keys.Where(k => !generation.Records.ContainsKey(k)).ToList();
        if (missing.Count > 0)
            foreach (var (key, value) in await fetch(missing))
                generation.Records[key] = value;
        var found = new Dictionary<TKey, TValue>(keys.Count);
        foreach (var key in keys)
            if (generation.Records.TryGetValue(key, out var value)) found[key] = value;
        return found;
    }
}

/// <summary>
/// The versioned records the loaders share (singletons: they outlive requests). Themes and regions are not among them:
/// ThemeQueries and RegionQueries keep their rows per dataset version for every reader.
/// </summary>
public sealed class ReferenceRecords(CatalogDb db)
{
    public VersionedRecords<string, Samples.SourceRefRow> Sources { get; } = new(db);
}
