using RuianSamples.Api.Common;
using RuianSamples.Api.Site;
using RuianSamples.Api.Figures;

namespace RuianSamples.Api.Samples;

public sealed class SampleRow
{
    public long Number { get; init; }
    public string Slug { get; init; } = "";
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string ThemeSlug { get; init; } = "";
    public string ThemeNameZh { get; init; } = "";
    public string ThemeNameEn { get; init; } = "";
    public bool ThemeInferred { get; init; }
    public string? ThemeBasis { get; init; }
    public string SummaryZh { get; init; } = "";
    public string SummaryEn { get; init; } = "";
    public string SourceId { get; init; } = "";
}

public sealed class SampleRegionRow
{
    public long SampleNumber { get; init; }
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
    public string Level { get; init; } = "";
    public string? Code { get; init; }
}

public sealed class SampleMeasureRow
{
    public long SampleNumber { get; init; }
    public long Position { get; init; }
    public string TextZh { get; init; } = "";
    public string TextEn { get; init; } = "";
}

public sealed class FirstRow
{
    public string SubjectType { get; init; } = "";
    public string SubjectKey { get; init; } = "";
    public string ClaimZh { get; init; } = "";
    public string? Scope { get; init; }
    public string Quote { get; init; } = "";
    public string SourceId { get; init; } = "";
}

public sealed class SampleReformRow
{
    public long SampleNumber { get; init; }
    public string Slug { get; init; } = "";
    public string NameZh { get; init; } = "";
    public string NameEn { get; init; } = "";
}

public sealed class SourceRefRow
{
    public string Id { get; init; } = "";
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string? PublicationZh { get; init; }
    public string? PublicationEn { get; init; }
    public string? Byline { get; init; }
    public string Date { get; init; } = "";
    public bool DateInferred { get; init; }
    public string? Url { get; init; }

    public Citations.CitedSource ToCited() => new(Id, TitleZh, TitleEn, PublicationZh, PublicationEn, Byline, Date, DateInferred, Url);
}

public sealed record ThemeRef(string Slug, Label Name, bool Inferred, string? Basis, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}
public sealed record RegionRef(string Slug, string? Code, Label Name, string Level, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}
public sealed record FirstClaim(string Claim, string? Scope, string Quote, string SourceId);
public sealed record ReformRef(string Slug, Label Name, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}
public sealed record SourceRef(string Id, Label Title, string? Publication, string Date, bool DateInferred, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}

/// <summary>A practice sample with everything a sample page shows.</summary>
public sealed record SampleDto(
    int Number, string Slug, Label Title, ThemeRef Theme, IReadOnlyList<RegionRef> Regions, Label Summary,
    IReadOnlyList<Label> Measures, IReadOnlyList<FirstClaim> Firsts, IReadOnlyList<ReformRef> Reforms,
    IReadOnlyList<FigureDto> Figures, IReadOnlyList<SourceRef> Sources, string Url, string CitationUrl)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}

/// <summary>A sample in a list read with view=summary: who it is and where the full record is (one GET of url).</summary>
public sealed record SampleSummary(int Number, string Slug, Label Title, Reforms.ThemeLabelRef Theme, string Url)
{
    public static SampleSummary From(SampleRow r) =>
        new((int)r.Number, r.Slug, new Label(r.TitleZh, r.TitleEn), new Reforms.ThemeLabelRef(r.ThemeSlug, new Label(r.ThemeNameZh, r.ThemeNameEn), $"/api/v1/themes/{r.ThemeSlug}"),
            $"/api/v1/samples/{r.Number}");
}
