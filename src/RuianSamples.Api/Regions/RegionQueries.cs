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
