using RuianSamples.Api.Citations;
using RuianSamples.Api.Common;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Figures;

/// <summary>
/// The columns every quoted record (figure, milestone, honor) selects: its region's labels and its
/// source's citation fields, with the citation built in one place.
/// </summary>
public abstract class CitedRow
{
    public string RegionSlug { get; init; } = "";
    public string RegionNameZh { get; init; } = "";
    public string RegionNameEn { get; init; } = "";
    public string SourceId { get; init; } = "";
    public string Quote { get; init; } = "";
    public long QuoteOffset { get; init; }
    public string SourceTitleZh { get; init; } = "";
    public string SourceTitleEn { get; init; } = "";
    public string? SourcePublicationZh { get; init; }
    public string? SourcePublicationEn { get; init; }
    public string? SourceByline { get; init; }
    public string SourceDate { get; init; } = "";
    public bool SourceDateInferred { get; init; }
    public string? SourceUrl { get; init; }
    /// <summary>The sort key of the listing this row came from (for the cursor).</summary>
    public string? SortKey { get; init; }

    public RegionLabelRef RegionRef() => new(RegionSlug, new Label(RegionNameZh, RegionNameEn), $"/api/v1/regions/{RegionSlug}");

    public CitedSource CitedSource() => new(SourceId, SourceTitleZh, SourceTitleEn, SourcePublicationZh, SourcePublicationEn,
        SourceByline, SourceDate, SourceDateInferred, SourceUrl);

    /// <summary>The citation block every quoted record carries; its lines come from the one citation builder.</summary>
    public Citation Citation() => new(SourceId, new Label(SourceTitleZh, SourceTitleEn), SourcePublicationZh, SourceByline, SourceDate,
        SourceDateInferred, SourceUrl, Quote, (int)QuoteOffset, $"/api/v1/sources/{SourceId}/text?offset={QuoteOffset}&length={Quote.Length}",
        CitationBuilder.Lines(CitedSource()));
}

/// <summary>One row of the figures query (figure + its source's citation fields + region names).</summary>
public sealed class FigureRow : CitedRow
{
    public long Id { get; init; }
    public string Key { get; init; } = "";
    public string SubjectType { get; init; } = "";
    public string SubjectKey { get; init; } = "";
    public long? SampleNumber { get; init; }
    public long? ReformId { get; init; }
    public string IndicatorZh { get; init; } = "";
    public string IndicatorEn { get; init; } = "";
    public double Value { get; init; }
    public string ValueText { get; init; } = "";
    public string? Unit { get; init; }
    public double BaseValue { get; init; }
    public string? BaseUnit { get; init; }
    public string Qualifier { get; init; } = "";
    public string? QualifierText { get; init; }
    public string? Period { get; init; }
    public long? Year { get; init; }
    public bool PeriodInferred { get; init; }
    public string? PeriodBasis { get; init; }
    public double? BaselineValue { get; init; }
    public string? BaselineValueText { get; init; }
    public string? BaselineUnit { get; init; }
    public string? BaselinePeriod { get; init; }
    public string Kind { get; init; } = "";
    public long Revision { get; init; }
    public string? RetractedAt { get; init; }
    public string? RetractedBy { get; init; }
    public string? RetractionComment { get; init; }
}

/// <summary>A retracted figure: when, by which agency, and why. It stays readable at its URL.</summary>
public sealed record Retraction(string At, string By, string Comment);

/// <summary>The earlier value of a before/after pair; change and changePercent are null when the two are in different units (6个月 → 7个工作日).</summary>
public sealed record Baseline(double Value, string ValueText, string? Unit, string? Period, double? Change, double? ChangePercent);

/// <summary>
/// Where a fact is stated. <c>Cite</c> holds the source's reference in GB/T 7714-2015 (zh) and APA 7 (en);
/// the record's citation resource (…/citation) adds its permanent URL, the dataset version and the access date.
/// </summary>
public sealed record Citation(
    string SourceId, Label SourceTitle, string? Publication, string? Byline, string Date, bool DateInferred, string? SourceUrl,
    string Quote, int QuoteOffset, string PassageUrl, Label Cite)
{
    /// <summary>The passage on the source's web page, the quote marked.</summary>
    public string PassageHtmlUrl => SiteUrls.Passage(SourceId, QuoteOffset, Quote.Length);

    public CitedSource CitedSource(string? publicationEn = null) =>
        new(SourceId, SourceTitle.Zh, SourceTitle.En, Publication, publicationEn, Byline, Date, DateInferred, SourceUrl);
}

public sealed record SubjectRef(string Type, string Key, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}

public sealed record RegionLabelRef(string Slug, Label Name, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);
}

/// <summary>A figure: one observation, with the sentence that states it.</summary>
public sealed record FigureDto(
    string Id, SubjectRef Subject, Label Indicator, double Value, string ValueText, string? Unit, double BaseValue, string? BaseUnit,
    string Qualifier, string? QualifierText, string? Period, int? Year, bool PeriodInferred, string? PeriodBasis,
    Baseline? Baseline, string Kind, RegionLabelRef Region, Citation Citation, string Url, string CitationUrl, long Revision, Retraction? Retraction)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);

    public static FigureDto From(FigureRow r)
    {
        Baseline? baseline = null;
        if (r.BaselineValue is { } before)
        {
            var comparable = r.BaselineUnit == r.Unit;
            baseline = new Baseline(before, r.BaselineValueText!, r.BaselineUnit, r.BaselinePeriod,
                comparable ? Math.Round(r.Value - before, 6) : null,
                comparable && before != 0 ? Math.Round((r.Value - before) / before * 100, 2) : null);
        }
        return new FigureDto(r.Key, SubjectRefs.Of(r.SubjectType, r.SubjectKey)!, new Label(r.IndicatorZh, r.IndicatorEn),
            r.Value, r.ValueText, r.Unit, r.BaseValue, r.BaseUnit, r.Qualifier, r.QualifierText, r.Period, (int?)r.Year, r.PeriodInferred,
            r.PeriodBasis, baseline, r.Kind, r.RegionRef(), r.Citation(),
            $"/api/v1/figures/{r.Key}", $"/api/v1/figures/{r.Key}/citation", r.Revision,
            r.RetractedAt is null ? null : new Retraction(r.RetractedAt, r.RetractedBy ?? "", r.RetractionComment ?? ""));
    }
}

public static class SubjectRefs
{
    public static SubjectRef? Of(string? type, string? key) => type is null || key is null ? null : new SubjectRef(type, key, type switch
    {
        "sample" => $"/api/v1/samples/{key}",
        "reform" => $"/api/v1/reforms/{key}",
        _ => $"/api/v1/regions/{key}",
    });
}
