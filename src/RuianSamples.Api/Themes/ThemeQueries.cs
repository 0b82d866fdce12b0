using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Themes;

public sealed class ThemeRow
{
    public string Slug { get; init; } = "";
    public long Position { get; init; }
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Kind { get; init; } = "";
    public long SampleCount { get; init; }
    public long ReformCount { get; init; }
}

/// <summary>
/// The only place theme SQL lives. A dozen themes whose counts walk reform_themes (a theme's count grows with the
/// catalog: 2 ms for the list at 10^5 records), read once per dataset version and looked up from there.
/// </summary>
public sealed class ThemeQueries(CatalogDb db, VersionedCache cache)
{
    private const string ListSql = """
        SELECT t.slug, t.position, t.name_zh, t.name_en, t.kind,
               (SELECT count(*) FROM samples s WHERE s.theme_slug = t.slug) AS sample_count,
               (SELECT count(*) FROM reform_themes rt WHERE rt.theme_slug = t.slug) AS reform_count
        FROM themes t ORDER BY t.position
        """;

    public Task<IReadOnlyList<ThemeRow>> ListAsync() =>
        cache.GetOrAddAsync("themes", async () =>
        {
            using var connection = db.OpenRead();
            return (IReadOnlyList<ThemeRow>)(await connection.QueryAsync<ThemeRow>(ListSql)).AsList();
        });

    public async Task<ThemeRow?> BySlugAsync(string slug) => (await ListAsync()).FirstOrDefault(t => t.Slug == slug);

    public async Task<IReadOnlyList<ThemeRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        var wanted = slugs.ToHashSet(StringComparer.Ordinal);
        return (await ListAsync()).Where(t => wanted.Contains(t.Slug)).ToList();
    }
}
