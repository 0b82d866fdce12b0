using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Regions;

/// <summary>The only place region SQL lives.</summary>
public sealed class RegionQueries(CatalogDb db)
{
    // A region's subtree is a range of paths: path >= p AND path < p || '~'. Paths hold only [a-z0-9-/], all
    // below '~' in byte order, which both engines use (PostgreSQL's database is created with collation C).
    private const string PathSql = "SELECT slug, path FROM regions WHERE slug = @Key OR code = @Key";

    public static readonly IReadOnlyDictionary<string, SortOption> Sorts = SortOption.AllowList(("path", "r.path", false), ("slug", "r.slug", false));

    // Counts include everything below the region (path prefix).
    private const string Columns = """
        r.id, r.slug, r.name_zh, r.name_en, r.level, r.parent_slug, r.code, r.path,
        (SELECT count(DISTINCT sr.sample_number) FROM sample_regions sr JOIN regions d ON d.slug = sr.region_slug
          WHERE d.path >= r.path AND d.path < r.path || '~') AS sample_count,
        (SELECT count(*) FROM reforms x JOIN regions d ON d.slug = x.region_slug WHERE d.path >= r.path AND d.path < r.path || '~') AS reform_count,
        (SELECT count(*) FROM figures x JOIN regions d ON d.slug = x.region_slug WHERE x.retracted_at IS NULL AND d.path >= r.path AND d.path < r.path || '~') AS figure_count
        """;

    private const string Where = """
        WHERE (@Level IS NULL OR r.level = @Level)
          AND (@ParentPath IS NULL OR (r.path > @ParentPath AND r.path < @ParentPath || '~'))
        """;

    private static readonly Dictionary<string, (string First, string After)> ListSql = Sorts.Values.ToDictionary(s => s.Name, s => (
        $"SELECT {Columns}, {s.Expression} AS sort_key FROM regions r {Where} ORDER BY {s.OrderBy("r.id")} LIMIT @Limit",
        $"SELECT {Columns}, {s.Expression} AS sort_key FROM regions r {Where} AND {s.After("r.id")} ORDER BY {s.OrderBy("r.id")} LIMIT @Limit"));

    private const string CountSql = $"SELECT count(*) FROM regions r {Where}";
    private const string ByKeySql = $"SELECT {Columns} FROM regions r WHERE r.slug = @Key OR r.code = @Key";
    private const string ChildrenSql = $"SELECT {Columns} FROM regions r WHERE r.parent_slug IN @Slugs ORDER BY r.path";
    private const string BySlugsSql = $"SELECT {Columns} FROM regions r WHERE r.slug IN @Slugs ORDER BY r.path";

    public sealed record Filter(string? Level, string? ParentPath);

    public async Task<IReadOnlyList<RegionRow>> ListAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var (first, next) = ListSql[sort.Name];
        return (await connection.QueryAsync<RegionRow>(after is null ? first : next,
            new { filter.Level, filter.ParentPath, Limit = limit, AfterKey = sort.KeyParameter(after), AfterId = after?.Id ?? 0 })).AsList();
    }

    public async Task<int> CountAsync(Filter filter)
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(CountSql, new { filter.Level, filter.ParentPath });
    }

    public async Task<RegionRow?> ByKeyAsync(string slugOrCode)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<RegionRow>(ByKeySql, new { Key = slugOrCode });
    }

    public async Task<IReadOnlyList<RegionRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RegionRow>(BySlugsSql, new { Slugs = SqlList.Of(slugs) })).AsList();
    }

    public async Task<ILookup<string, RegionRow>> ChildrenAsync(IEnumerable<string> parentSlugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RegionRow>(ChildrenSql, new { Slugs = SqlList.Of(parentSlugs) })).ToLookup(r => r.ParentSlug!);
    }

    public sealed class RegionPathRow
    {
        public string Slug { get; init; } = "";
        public string Path { get; init; } = "";
    }

    /// <summary>Resolves a region filter (slug or code) to its path; an unknown region is a 400 naming the parameter.</summary>
    public async Task<RegionPathRow?> ResolveFilterAsync(string parameter, string? slugOrCode)
    {
        if (slugOrCode is null) return null;
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<RegionPathRow>(PathSql, new { Key = slugOrCode })
            ?? throw new ApiInputException("invalid-parameter", parameter, $"No region has the slug or code '{(slugOrCode.Length > 30 ? slugOrCode[..30] + "…" : slugOrCode)}'. See /api/v1/regions.");
    }
}
