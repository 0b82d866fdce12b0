using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Honors;

public sealed class HonorRow : Figures.CitedRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
    public long? Rank { get; init; }
    public long? Year { get; init; }
    public bool YearInferred { get; init; }
    public string? YearBasis { get; init; }
    public string? SubjectType { get; init; }
    public string? SubjectKey { get; init; }
}

/// <summary>The only place honor SQL lives.</summary>
public sealed class HonorQueries(CatalogDb db)
{
    public sealed record Filter(string? RegionPath, int? YearFrom, int? YearTo, string? Source, bool? Ranked, bool NoYear = false);

    public static readonly IReadOnlyDictionary<string, SortOption> Sorts = SortOption.AllowList(
        ("id", "h.id", true), ("year", "coalesce(h.year, 0)", true), ("rank", "coalesce(h.rank, 1000000)", true));

    private const string Columns = """
        h.id, h.slug, h.name_zh, h.name_en, h.rank, h.year, h.year_inferred, h.year_basis, h.subject_type, h.subject_key,
        h.region_slug, g.name_zh AS region_name_zh, g.name_en AS region_name_en, h.source_id, h.quote, h.quote_offset,
        s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.publication_zh AS source_publication_zh,
        s.publication_en AS source_publication_en, s.byline AS source_byline, s.date AS source_date, s.date_inferred AS source_date_inferred, s.url AS source_url
        """;

    private const string From = "FROM honors h JOIN regions g ON g.slug = h.region_slug JOIN sources s ON s.id = h.source_id";

    // Only the filters present become conditions (see Common/SqlComposer): the planner sees real conditions.
    private static (bool Active, string Condition)[] Conditions(Filter f) =>
    [
        (f.RegionPath is not null, "EXISTS (SELECT 1 FROM regions g2 WHERE g2.slug = h.region_slug AND g2.path >= @RegionPath AND g2.path < @RegionPath || '~')"),
        (f.YearFrom is not null, "h.year >= @YearFrom"),
        (f.YearTo is not null, "h.year <= @YearTo"),
        (f.NoYear, "h.year IS NULL"),
        (f.Source is not null, "h.source_id = @Source"),
        (f.Ranked is not null, "(h.rank IS NOT NULL) = @Ranked"),
    ];

    private static readonly SqlComposer Sql = new(variant => variant == "count"
        ? "SELECT count(*) FROM honors h /*WHERE*/"
        : $"SELECT {Columns}, CAST({Sorts[variant].Expression} AS TEXT) AS sort_key {From} /*WHERE*/ ORDER BY {Sorts[variant].OrderBy("h.id")} LIMIT @Limit");

    private const string BySlugSql = $"SELECT {Columns} {From} WHERE h.slug = @Slug";
    private const string BySlugsSql = $"SELECT {Columns} {From} WHERE h.slug IN @Slugs";

    private static object Parameters(Filter f, int limit = 0, object? afterKey = null, long afterId = 0) =>
        new { f.RegionPath, f.YearFrom, f.YearTo, f.Source, f.Ranked, Limit = limit, AfterKey = afterKey, AfterId = afterId };

    public async Task<IReadOnlyList<HonorRow>> ListAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var sql = Sql.Compose(sort.Name, Conditions(filter), after is null ? null : sort.After("h.id"));
        return (await connection.QueryAsync<HonorRow>(sql, Parameters(filter, limit, sort.KeyParameter(after), after?.Id ?? 0))).AsList();
    }

    public async Task<int> CountAsync(Filter filter)
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(Sql.Compose("count", Conditions(filter)), Parameters(filter));
    }

    public async Task<HonorRow?> BySlugAsync(string slug)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<HonorRow>(BySlugSql, new { Slug = slug });
    }

    public async Task<IReadOnlyList<HonorRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<HonorRow>(BySlugsSql, new { Slugs = SqlList.Of(slugs) })).AsList();
    }
}
