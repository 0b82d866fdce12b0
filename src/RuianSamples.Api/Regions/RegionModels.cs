using RuianSamples.Api.Common;
using RuianSamples.Api.Site;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Regions;

public sealed class RegionRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Level { get; init; } = "";
    public string? ParentSlug { get; init; }
    public string? Code { get; init; }
    public string Path { get; init; } = "";
    // Counts over the region's subtree, set from RegionQueries.SubtreeCountsAsync after the row is read.
    public long SampleCount { get; set; }
    public long ReformCount { get; set; }
    public long FigureCount { get; set; }
    public string? SortKey { get; init; }
}

/// <summary>Counts over the region and everything below it.</summary>
public sealed record RegionCounts(int Samples, int Reforms, int Figures);

public sealed record RegionLinks(string Samples, string Reforms, string Figures, string Milestones, string Honors);

/// <summary>A region: province, city, county/district, town/street or village, with its place in the hierarchy.</summary>
public sealed record RegionDto(
    string Slug, string? Code, Label Name, string Level, RegionRef? Parent, IReadOnlyList<RegionRef> Children,
    IReadOnlyList<RegionRef> Ancestors, RegionCounts Counts, RegionLinks Links, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);

    public static RegionRef RefOf(RegionRow r) => new(r.Slug, r.Code, new Label(r.NameZh, r.NameEn), r.Level, $"/api/v1/regions/{r.Slug}");
}
