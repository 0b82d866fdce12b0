using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Regions;

/// <summary>The only place region SQL lives.</summary>
public sealed class RegionQueries(CatalogDb db, VersionedCache cache)
{
    // A region's subtree is a range of paths: path >= p AND path < p || '~'. Paths hold only [a-z0-9-/], all
    // below '~' in byte order, which both engines use (PostgreSQL's database is created with collation C).
    private const string PathSql = "SELECT slug, path FROM regions WHERE slug = @Key OR code = @Key";

    public static readonly IReadOnlyDictionary<string, SortOption> Sorts = SortOption.AllowList(("path", "r.path", false), ("slug", "r.slug", false));

    // A region's counts (everything below it) come from SubtreeCountsAsync, not from these rows.
    private const string Columns = "r.id, r.slug, r.name_zh, r.name_en, r.level, r.parent_slug, r.code, r.path";

    // What each region holds itself: its reforms and live figures counted, its samples, and its path, in one statement
    // once per dataset version. Counting a county's subtree in SQL for every region row read every reform and figure
    // below it: at 10^5 records a list of the regions took a second, a region 0.4 s.
    private const string OwnCountsSql = """
        SELECT 'reform' AS Kind, region_slug AS Slug, NULL AS Path, count(*) AS Count FROM reforms GROUP BY region_slug
        UNION ALL
        SELECT 'figure', region_slug, NULL, count(*) FROM figures WHERE retracted_at IS NULL GROUP BY region_slug
        UNION ALL
        SELECT DISTINCT 'sample', region_slug, NULL, sample_number FROM sample_regions
        UNION ALL
        SELECT 'path', slug, path, 0 FROM regions
        """;

    private const string Where = """
        WHERE (@Level IS NULL OR r.level = @Level)
          AND (@ParentPath IS NULL OR (r.path > @ParentPath AND r.path < @ParentPath || '~'))
        """;

    private static readonly Dictionary<string, (string First, string After)> ListSql = Sorts.Values.ToDictionary(s => s.Name, s => (
        $"SELECT {Columns}, {s.Expression} AS sort_key FROM regions r {Where} ORDER BY {s.OrderBy("r.id")} LIMIT @Limit",
        $"SELECT {Columns}, {s.Expression} AS sort_key FROM regions r {Where} AND {s.After("r.id")} ORDER BY {s.OrderBy("r.id")} LIMIT @Limit"));

    private const string CountSql = $"SELECT count(*) FROM regions r {Where}";
    private const string AllSql = $"SELECT {Columns} FROM regions r ORDER BY r.path";

    public sealed record Filter(string? Level, string? ParentPath);

    public async Task<IReadOnlyList<RegionRow>> ListAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var (first, next) = ListSql[sort.Name];
        return await CountedAsync((await connection.QueryAsync<RegionRow>(after is null ? first : next,
            new { filter.Level, filter.ParentPath, Limit = limit, AfterKey = sort.KeyParameter(after), AfterId = after?.Id ?? 0 })).AsList());
    }

    private sealed class OwnCountRow { public string Kind { get; init; } = ""; public string? Slug { get; init; } public string? Path { get; init; } public long Count { get; init; } }

    /// <summary>
    /// Every region's counts over itself and everything below it (the regions whose path begins with its path, as the
    /// path ranges of the filters read them): distinct samples, reforms, live figures. Kept per dataset version.
    /// </summary>
    public Task<IReadOnlyDictionary<string, (long Samples, long Reforms, long Figures)>> SubtreeCountsAsync() =>
        cache.GetOrAddAsync("region-subtree-counts", async () =>
        {
            using var connection = db.OpenRead();
            var rows = (await connection.QueryAsync<OwnCountRow>(OwnCountsSql)).Where(r => r.Slug is not null).ToList();
            var own = rows.Where(r => r.Kind != "path").ToLookup(r => r.Slug!);
            var paths = rows.Where(r => r.Kind == "path").ToList();
            var counts = new Dictionary<string, (long, long, long)>(paths.Count, StringComparer.Ordinal);
            foreach (var region in paths)
            {
                var samples = new HashSet<long>();
                long reforms = 0, figures = 0;
                foreach (var below in paths.Where(d => d.Path!.StartsWith(region.Path!, StringComparison.Ordinal)))
                    foreach (var row in own[below.Slug!])
                        switch (row.Kind)
                        {
                            case "reform": reforms += row.Count; break;
                            case "figure": figures += row.Count; break;
                            default: samples.Add(row.Count); break;
                        }
                counts[region.Slug!] = (samples.Count, reforms, figures);
            }
            return (IReadOnlyDictionary<string, (long Samples, long Reforms, long Figures)>)counts;
        });

    private async Task<List<RegionRow>> CountedAsync(List<RegionRow> rows)
    {
        if (rows.Count == 0) return rows;
        var counts = await SubtreeCountsAsync();
        foreach (var row in rows)
            if (counts.TryGetValue(row.Slug, out var c)) (row.SampleCount, row.ReformCount, row.FigureCount) = c;
        return rows;
    }

    public Task<int> CountAsync(Filter filter) => cache.GetOrAddAsync(("regions-count", filter), async () =>
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(CountSql, new { filter.Level, filter.ParentPath });
    });

    /// <summary>
    /// Every region with its counts, in path order, read once per dataset version: a few dozen rows that every region
    /// page, reform and sample reads some of (a region's parent, ancestors and children; GraphQL's loaders). Looked up
    /// here, a list page of regions ran four statements and read each row from SQLite again (issue 17).
    /// </summary>
    public Task<IReadOnlyList<RegionRow>> AllAsync() => cache.GetOrAddAsync("regions-all", async () =>
    {
        using var connection = db.OpenRead();
        return (IReadOnlyList<RegionRow>)await CountedAsync((await connection.QueryAsync<RegionRow>(AllSql)).AsList());
    });

    public async Task<RegionRow?> ByKeyAsync(string slugOrCode) =>
        (await AllAsync()).FirstOrDefault(r => r.Slug == slugOrCode || r.Code == slugOrCode);

    public async Task<IReadOnlyList<RegionRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        var wanted = slugs.ToHashSet(StringComparer.Ordinal);
        return (await AllAsync()).Where(r => wanted.Contains(r.Slug)).ToList();
    }

    public async Task<ILookup<string, RegionRow>> ChildrenAsync(IEnumerable<string> parentSlugs)
    {
        var parents = parentSlugs.ToHashSet(StringComparer.Ordinal);
        return (await AllAsync()).Where(r => r.ParentSlug is not null && parents.Contains(r.ParentSlug)).ToLookup(r => r.ParentSlug!);
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
