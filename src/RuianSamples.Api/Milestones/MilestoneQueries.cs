using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Milestones;

public sealed class MilestoneRow : Figures.CitedRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string Date { get; init; } = "";
    public long Year { get; init; }
    public string DatePrecision { get; init; } = "";
    public bool DateInferred { get; init; }
    public string? DateBasis { get; init; }
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string? SubjectType { get; init; }
    public string? SubjectKey { get; init; }
}

/// <summary>The only place milestone SQL lives.</summary>
public sealed class MilestoneQueries(CatalogDb db)
{
    public sealed record Filter(string? RegionPath, int? YearFrom, int? YearTo, string? Source);

    public static readonly IReadOnlyDictionary<string, SortOption> Sorts = SortOption.AllowList(("date", "m.date", false), ("id", "m.id", true));

    private const string Columns = """
        m.id, m.slug, m.date, m.year, m.date_precision, m.date_inferred, m.date_basis, m.title_zh, m.title_en, m.subject_type, m.subject_key,
        m.region_slug, g.name_zh AS region_name_zh, g.name_en AS region_name_en, m.source_id, m.quote, m.quote_offset,
        s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.publication_zh AS source_publication_zh,
        s.publication_en AS source_publication_en, s.byline AS source_byline, s.date AS source_date, s.date_inferred AS source_date_inferred, s.url AS source_url
        """;

    private const string From = "FROM milestones m JOIN regions g ON g.slug = m.region_slug JOIN sources s ON s.id = m.source_id";

    // Only the filters present become conditions (see Common/SqlComposer): the planner sees real conditions.
    private static (bool Active, string Condition)[] Conditions(Filter f) =>
    [
        (f.RegionPath is not null, "EXISTS (SELECT 1 FROM regions g2 WHERE g2.slug = m.region_slug AND g2.path >= @RegionPath AND g2.path < @RegionPath || '~')"),
        (f.YearFrom is not null, "m.year >= @YearFrom"),
        (f.YearTo is not null, "m.year <= @YearTo"),
        (f.Source is not null, "m.source_id = @Source"),
    ];

    private static readonly SqlComposer Sql = new(variant => variant == "count"
        ? "SELECT count(*) FROM milestones m /*WHERE*/"
        : $"SELECT {Columns}, CAST({Sorts[variant].Expression} AS TEXT) AS sort_key {From} /*WHERE*/ ORDER BY {Sorts[variant].OrderBy("m.id")} LIMIT @Limit");

    private const string BySlugSql = $"SELECT {Columns} {From} WHERE m.slug = @Slug";
    private const string BySlugsSql = $"SELECT {Columns} {From} WHERE m.slug IN @Slugs";

    private static object Parameters(Filter f, int limit = 0, object? afterKey = null, long afterId = 0) =>
        new { f.RegionPath, f.YearFrom, f.YearTo, f.Source, Limit = limit, AfterKey = afterKey, AfterId = afterId };

    public async Task<IReadOnlyList<MilestoneRow>> ListAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var sql = Sql.Compose(sort.Name, Conditions(filter), after is null ? null : sort.After("m.id"));
        return (await connection.QueryAsync<MilestoneRow>(sql, Parameters(filter, limit, sort.KeyParameter(after), after?.Id ?? 0))).AsList();
    }

    public async Task<int> CountAsync(Filter filter)
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(Sql.Compose("count", Conditions(filter)), Parameters(filter));
    }

    public async Task<MilestoneRow?> BySlugAsync(string slug)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<MilestoneRow>(BySlugSql, new { Slug = slug });
    }

    public async Task<IReadOnlyList<MilestoneRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<MilestoneRow>(BySlugsSql, new { Slugs = SqlList.Of(slugs) })).AsList();
    }
}
