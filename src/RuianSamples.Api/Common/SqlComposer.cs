using System.Collections.Concurrent;

namespace RuianSamples.Api.Common;

/// <summary>
/// Builds a WHERE clause from the constant condition fragments whose filter is present, so that
/// SQLite's planner sees only real conditions and can use their indexes (an "@X IS NULL OR …"
/// condition defeats it). Fragments are constants of the XxxQueries classes, never request text;
/// each distinct combination is composed once and cached.
/// </summary>
public sealed class SqlComposer(Func<string, string> template)
{
    private readonly ConcurrentDictionary<(string, int), string> _cache = new();

    public string Compose(string variant, IReadOnlyList<(bool Active, string Condition)> conditions, string? extra = null)
    {
        var mask = 0;
        for (var i = 0; i < conditions.Count; i++) if (conditions[i].Active) mask |= 1 << i;
        if (extra is not null) mask |= 1 << 30;
        return _cache.GetOrAdd((variant, mask), _ =>
        {
            var parts = conditions.Where(c => c.Active).Select(c => c.Condition).ToList();
            if (extra is not null) parts.Add(extra);
            var where = parts.Count == 0 ? "" : "WHERE " + string.Join("\n  AND ", parts);
            return template(variant).Replace("/*WHERE*/", where, StringComparison.Ordinal);
        });
    }
}
