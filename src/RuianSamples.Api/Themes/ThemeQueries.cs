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

/// <summary>The only place theme SQL lives.</summary>
public sealed class ThemeQueries(CatalogDb db)
{
    private const string Select = """
        SELECT t.slug, t.position, t.name_zh, t.name_en, t.kind,
               (SELECT count(*) FROM samples s WHERE s.theme_slug = t.slug) AS sample_count,
               (SELECT count(*) FROM reform_themes rt WHERE rt.theme_slug = t.slug) AS reform_count
        FROM themes t
        """;

    private const string ListSql = Select + " ORDER BY t.position";
    private const string BySlugSql = Select + " WHERE t.slug = @Slug";
    private const string BySlugsSql = Select + " WHERE t.slug IN @Slugs";

    public async Task<IReadOnlyList<ThemeRow>> ListAsync()
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<ThemeRow>(ListSql)).AsList();
    }

    public async Task<ThemeRow?> BySlugAsync(string slug)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<ThemeRow>(BySlugSql, new { Slug = slug });
    }

    public async Task<IReadOnlyList<ThemeRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<ThemeRow>(BySlugsSql, new { Slugs = SqlList.Of(slugs) })).AsList();
    }
}
