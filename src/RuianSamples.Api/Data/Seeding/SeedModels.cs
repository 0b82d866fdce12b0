namespace RuianSamples.Api.Data.Seeding;

// The shapes of the files in seeds/ (see seeds/README.md). Snake-case JSON, bound as records.

public sealed record SourceSeed(
    string Id, string File, string OriginalName, string TitleZh, string TitleEn,
    string? PublicationZh, string? PublicationEn, string? Byline,
    string Date, string DatePrecision, bool DateInferred, string? DateBasis, string? Url);

public sealed record ThemeSeed(string Slug, string NameZh, string NameEn, string Kind);

public sealed record RegionSeed(string Slug, string NameZh, string NameEn, string Level, string? Parent, string? Code);

public sealed record FirstSeed(string ClaimZh, string? Scope, string Quote, string? Source = null);

public sealed record MeasureSeed(string TextZh, string TextEn);

public sealed record SampleSeed(
    int Number, string Slug, string TitleZh, string TitleEn, string Theme, bool ThemeInferred, string? ThemeBasis,
    List<string> Regions, string SummaryZh, string SummaryEn, List<MeasureSeed>? Measures, List<FirstSeed>? Firsts,
    List<string>? Reforms, string Source);

public sealed record ReformSeed(
    string Slug, string NameZh, string NameEn, string Region, int? StartYear, bool StartYearInferred, string? StartYearQuote,
    string? PilotLevel, string? PilotLevelQuote, List<FirstSeed>? Firsts, List<string>? Themes, bool ThemesInferred,
    string DescriptionZh, string DescriptionEn, List<int>? Samples, string Source,
    string? StartYearBasis = null, string? ThemesBasis = null);

public sealed record BaselineSeed(double Value, string ValueText, string? Unit, string? Period);

public sealed record FigureSeed(
    string Id, string SubjectType, string Subject, string IndicatorZh, string IndicatorEn,
    double Value, string ValueText, string? Unit, string Qualifier, string? QualifierText,
    string? Period, bool PeriodInferred, string? PeriodBasis, BaselineSeed? Baseline,
    string Kind, string Region, string Quote);

public sealed record MilestoneSeed(
    string Slug, string Date, string DatePrecision, bool DateInferred, string? DateBasis,
    string TitleZh, string TitleEn, string? SubjectType, string? Subject, string Region, string Quote);

public sealed record HonorSeed(
    string Slug, string NameZh, string NameEn, int? Rank, int? Year, bool YearInferred, string? YearBasis,
    string Region, string? SubjectType, string? Subject, string Quote);

public sealed record CaptionSeed(string Text, string Kind);

/// <summary>A record read from a file, remembered with that file for error messages.</summary>
public sealed record Located<T>(string File, T Record);

public sealed record SourceDocument(SourceSeed Manifest, string Text, string Normalized, string Sha256);

/// <summary>Everything in seeds/, parsed and validated.</summary>
public sealed class SeedCatalog
{
    public List<SourceDocument> Sources { get; } = [];
    public List<Located<ThemeSeed>> Themes { get; } = [];
    public List<Located<RegionSeed>> Regions { get; } = [];
    public List<Located<SampleSeed>> Samples { get; } = [];
    public List<Located<ReformSeed>> Reforms { get; } = [];
    public List<(string SourceId, Located<FigureSeed> Figure)> Figures { get; } = [];
    public List<(string SourceId, Located<MilestoneSeed> Milestone)> Milestones { get; } = [];
    public List<(string SourceId, Located<HonorSeed> Honor)> Honors { get; } = [];
    public List<(string SourceId, Located<CaptionSeed> Caption)> Captions { get; } = [];

    /// <summary>SHA-256 over every seed file (stored as seeds_version; the dataset version is a generation number).</summary>
    public string Version { get; set; } = "";

    /// <summary>Samples, reforms and figures: what a re-import compares with the live catalog before replacing it.</summary>
    public int RecordCount => Samples.Count + Reforms.Count + Figures.Count;
}
