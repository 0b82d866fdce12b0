using RuianSamples.Api.Common;

namespace RuianSamples.Api.Data;

/// <summary>
/// A bounded map kept per dataset version (<see cref="VersionedCache"/>'s entries; search's page rows by id). One
/// version's entries are one object, swapped whole: a request finds its entries by its own version, so a value read at
/// one version is never handed to a request reading another, however requests of two versions interleave. A request
/// still reading an older version finds and keeps nothing: it must not push the newer version's entries out (they would
/// be read again by every request of the newer version).
/// </summary>
public sealed class VersionedMap<TKey, TValue>(Func<string> version, int capacity, IEqualityComparer<TKey>? comparer = null) where TKey : notnull
{
    private sealed record Generation(string Version, BoundedCache<TKey, TValue> Entries);

    private Generation _current = new("", new BoundedCache<TKey, TValue>(capacity, comparer));

    /// <summary>The entries of the calling request's version, or null for a request reading an older version than the newest seen.</summary>
    public BoundedCache<TKey, TValue>? Entries()
    {
        var wanted = version();
        var generation = Volatile.Read(ref _current);
        if (generation.Version == wanted) return generation.Entries;
        if (generation.Version.Length > 0 && !DatasetVersion.IsNewer(wanted, generation.Version)) return null;
        var fresh = new Generation(wanted, new BoundedCache<TKey, TValue>(capacity, comparer));
        var seen = Interlocked.CompareExchange(ref _current, fresh, generation);
        generation = seen == generation ? fresh : seen;
        return generation.Version == wanted ? generation.Entries : null;
    }
}
