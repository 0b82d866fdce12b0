using RuianSamples.Api.Common;
using RuianSamples.Api.Site;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Reforms;

public sealed class ReformRow
{
    public long Id { get; init; }
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string RegionSlug { get; init; } = "";
    public string RegionNameZh { get; init; } = "";
    public string RegionNameEn { get; init; } = "";
    public string RegionLevel { get; init; } = "";
    public string? RegionCode { get; init; }
    public long? StartYear { get; init; }
    public bool StartYearInferred { get; init; }
    public string? StartYearQuote { get; init; }
    public string? StartYearBasis { get; init; }
    public string? PilotLevel { get; init; }
    public string? PilotLevelQuote { get; init; }
    public bool ThemesInferred { get; init; }
    public string? ThemesBasis { get; init; }
    public string DescriptionZh { get; init; } = "";
    public string DescriptionEn { get; init; } = "";
    public string SourceId { get; init; } = "";
    public long Revision { get; init; }
    /// <summary>The sort key of the listing this row came from (for the cursor).</summary>
    public string? SortKey { get; init; }
}

public sealed class ReformThemeRow
{
    public long ReformId { get; init; }
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
}

public sealed class ReformSampleRow
{
    public long ReformId { get; init; }
    public long Number { get; init; }
    public string Slug { get; init; } = "";
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
}

public sealed record ThemeLabelRef(string Slug, Label Name, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}
public sealed record SampleLabelRef(int Number, string Slug, Label Title, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}
public sealed record StartYear(int Year, bool Inferred, string? Quote, string? Basis);
public sealed record PilotLevel(string Level, string? Quote);

/// <summary>
/// A reform or initiative, with its claims, themes, linked samples, figures and sources. SourceId is the
/// source its description (a verbatim quote) and its start-year and pilot-level quotes come from.
/// </summary>
public sealed record ReformDto(
    string Slug, Label Name, RegionRef Region, StartYear? StartYear, PilotLevel? PilotLevel, IReadOnlyList<FirstClaim> Firsts,
    IReadOnlyList<ThemeLabelRef> Themes, bool ThemesInferred, string? ThemesBasis, Label Description, string SourceId,
    IReadOnlyList<SampleLabelRef> Samples, IReadOnlyList<FigureDto> Figures, IReadOnlyList<SourceRef> Sources, string Url, string CitationUrl, long Revision)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}

/// <summary>A reform in a list read with view=summary: who and where it is, when it began, and where the full record is (one GET of url).</summary>
public sealed record ReformSummary(string Slug, Label Name, RegionRef Region, int? StartYear, string? PilotLevel, string Url)
{
    public static ReformSummary From(ReformRow r) =>
        new(r.Slug, new Label(r.NameZh, r.NameEn), new RegionRef(r.RegionSlug, r.RegionCode, new Label(r.RegionNameZh, r.RegionNameEn), r.RegionLevel, $"/api/v1/regions/{r.RegionSlug}"),
            r.StartYear is { } y ? (int)y : null, r.PilotLevel, $"/api/v1/reforms/{r.Slug}");
}
