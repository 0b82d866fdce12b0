using RuianSamples.Api.Common;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Sources;

public sealed class SourceRow
{
    public string Id { get; init; } = "";
    public string File { get; init; } = "";
    public string OriginalName { get; init; } = "";
    public string TitleZh { get; init; } = "";
    public string TitleEn { get; init; } = "";
    public string? PublicationZh { get; init; }
    public string? PublicationEn { get; init; }
    public string? Byline { get; init; }
    public string Date { get; init; } = "";
    public string DatePrecision { get; init; } = "";
    public bool DateInferred { get; init; }
    public string? DateBasis { get; init; }
    public string? Url { get; init; }
    public string Sha256 { get; init; } = "";
    public long Length { get; set; }
    // Length and counts: set from the per-version counts after a read (SourceQueries.CountedAsync), or by the row's own SQL inside a write.
    public long FigureCount { get; set; }
    public long ReformCount { get; set; }
    public long MilestoneCount { get; set; }
    public long HonorCount { get; set; }
    public long Revision { get; init; }

    public Citations.CitedSource ToCited() => new(Id, TitleZh, TitleEn, PublicationZh, PublicationEn, Byline, Date, DateInferred, Url);
}

public sealed record SourceCounts(int Figures, int Reforms, int Milestones, int Honors);
public sealed record SourceLinks(string Text, string Figures, string Reforms, string Milestones, string Honors, string Citation);

/// <summary>A source document's manifest: how to cite it, how its date was worked out, and what the catalog quotes from it.</summary>
public sealed record SourceDto(
    string Id, Label Title, Label? Publication, string? Byline, string Date, string DatePrecision, bool DateInferred, string? DateBasis,
    string? OriginalUrl, string OriginalFile, string Sha256, int NormalizedLength, SourceCounts Counts, Label Cite, SourceLinks Links, string Url, long Revision)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);

    public static SourceDto From(SourceRow s) => new(s.Id, new Label(s.TitleZh, s.TitleEn),
        s.PublicationZh is null ? null : new Label(s.PublicationZh, s.PublicationEn ?? s.PublicationZh), s.Byline, s.Date, s.DatePrecision,
        s.DateInferred, s.DateBasis, s.Url, s.OriginalName, s.Sha256, (int)s.Length,
        new SourceCounts((int)s.FigureCount, (int)s.ReformCount, (int)s.MilestoneCount, (int)s.HonorCount),
        Citations.CitationBuilder.Lines(s.ToCited()),
        new SourceLinks($"/api/v1/sources/{s.Id}/text", $"/api/v1/figures?source={s.Id}", $"/api/v1/reforms?source={s.Id}",
            $"/api/v1/milestones?source={s.Id}", $"/api/v1/honors?source={s.Id}", $"/api/v1/sources/{s.Id}/citation"),
        $"/api/v1/sources/{s.Id}", s.Revision);
}

/// <summary>
/// A source's text. Offsets count UTF-16 code units in the normalised text (line breaks and
/// spaces between CJK characters removed), the text every quote is checked against.
/// </summary>
public sealed record SourceText(string Id, string Normalization, int Length, int Offset, string Text, string? Before, string? After, string? Original);
