using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Regions;

/// <summary>The only place region SQL lives.</summary>
public sealed class RegionQueries(CatalogDb db)
{
    private const string PathSql = "SELECT slug, path FROM regions WHERE slug = @Key OR code = @Key";

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

/// <summary>A region with its parent link (GraphQL's Region type).</summary>
public class RegionRow
{
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Level { get; init; } = "";
    public string? ParentSlug { get; init; }
    public string? Code { get; init; }
    public string Path { get; init; } = "";
}

/// <summary>A region as linked to a parent record (a sample's lead regions).</summary>
public sealed class LinkedRegionRow : RegionRow
{
    public long OwnerKey { get; init; }
}

/// <summary>Batch lookups for GraphQL: each takes many parents and runs one statement.</summary>
public sealed class RegionGraphQueries(CatalogDb db)
{
    private const string Columns = "g.slug, g.name_zh, g.name_en, g.level, g.parent_slug, g.code, g.path";
    private const string BySlugsSql = $"SELECT {Columns} FROM regions g WHERE g.slug IN (SELECT value FROM json_each(@Keys)) OR g.code IN (SELECT value FROM json_each(@Keys))";
    private const string ChildrenSql = $"SELECT {Columns} FROM regions g WHERE g.parent_slug IN (SELECT value FROM json_each(@Slugs)) ORDER BY g.id";
    private const string ForSamplesSql = $"""
        SELECT sr.sample_number AS owner_key, {Columns}
        FROM sample_regions sr JOIN regions g ON g.slug = sr.region_slug
        WHERE sr.sample_number IN (SELECT value FROM json_each(@Numbers))
        ORDER BY sr.sample_number, sr.position
        """;

    /// <summary>Regions by slug or official code (both are public keys).</summary>
    public async Task<IReadOnlyList<RegionRow>> BySlugsOrCodesAsync(IEnumerable<string> keys)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RegionRow>(BySlugsSql, new { Keys = Json.Array(keys) })).AsList();
    }

    public async Task<ILookup<string, RegionRow>> ChildrenAsync(IEnumerable<string> parentSlugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<RegionRow>(ChildrenSql, new { Slugs = Json.Array(parentSlugs) })).ToLookup(r => r.ParentSlug!);
    }

    public async Task<ILookup<int, RegionRow>> ForSamplesAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<LinkedRegionRow>(ForSamplesSql, new { Numbers = Json.Array(numbers) })).ToLookup(r => (int)r.OwnerKey, r => (RegionRow)r);
    }
}
