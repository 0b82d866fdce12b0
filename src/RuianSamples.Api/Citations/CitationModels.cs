using RuianSamples.Api.Common;

namespace RuianSamples.Api.Citations;

/// <summary>The source document as a citation names it: only what its manifest says (seeds/sources/*.json).</summary>
public sealed record CitedSource(
    string Id, string TitleZh, string TitleEn, string? PublicationZh, string? PublicationEn, string? Byline,
    string Date, bool DateInferred, string? Url)
{
    /// <summary>
    /// The kind of document, read from the manifest: a newspaper names one (…日报, …晚报, …快报: a publication ending in 报,
    /// but not a journal's 学报, a gazette's 公报 or a bulletin, circular or periodic report), a report says so in its title;
    /// otherwise we do not guess.
    /// </summary>
    public SourceGenre Genre =>
        PublicationZh is { } p && p.EndsWith('报') && !NotNewspapers.Any(suffix => p.EndsWith(suffix, StringComparison.Ordinal)) ? SourceGenre.Newspaper
        : TitleZh.Contains("报告", StringComparison.Ordinal) ? SourceGenre.Report
        : SourceGenre.Other;

    // Publications ending in 报 that are not newspapers: academic journals, gazettes, bulletins and circulars, briefs, periodic and internal reports.
    private static readonly string[] NotNewspapers = ["学报", "公报", "通报", "简报", "年报", "季报", "月报", "汇报", "情报", "专报", "要报"];

    /// <summary>
    /// The people of the byline without their roles (浙江日报记者 应忠彭 本报记者 严小章 → 应忠彭, 严小章).
    /// Names stay as printed, in Chinese: we split no surname and invent no romanisation.
    /// </summary>
    public IReadOnlyList<string> Authors => (Byline ?? "")
        .Split([' ', '\u3000', '，', ',', '、'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(token => !RoleWords.Any(role => token.EndsWith(role, StringComparison.Ordinal)))
        .ToList();

    private static readonly string[] RoleWords = ["记者", "通讯员", "编辑", "摄影", "摄", "撰稿"];

    /// <summary>The date's parts (year; year, month; or year, month, day): its precision is its length.</summary>
    public int[] DateParts => Date.Split('-').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}

public enum SourceGenre { Newspaper, Report, Other }

/// <summary>
/// One record of ours that can be cited: a figure, sample, reform or source. The work cited is
/// always the source document that states it; our record is where the reader found it.
/// </summary>
public sealed record CitedRecord(string Type, string Key, Label Label, string? Quote, CitedSource Source, CitedRetraction? Retraction = null)
{
    /// <summary>Our record's path, relative to the API's base URL.</summary>
    public string Path => $"/api/v1/{CitationTypes.Collection(Type)}/{Key}";

    public string CitationKey => $"ruiansamples-{Type}-{Key}";
}

/// <summary>
/// A figure's retraction as the record read carries it (<c>retraction: {at, by, comment}</c>): a citation of a
/// retracted figure says so, so that nobody cites a withdrawn number as if it stood.
/// </summary>
public sealed record CitedRetraction(string At, string By, string Comment)
{
    /// <summary>The day of the retraction (UTC), from its ISO 8601 time.</summary>
    public DateOnly Day => DateOnly.ParseExact(At[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static CitedRetraction? Of(string? at, string? by, string? comment) => at is null ? null : new(at, by ?? "", comment ?? "");
}

/// <summary>
/// When and where the record was read: the base URL the permanent link is built on, the dataset
/// version, the access date. Without it (null) the formatted lines are the source's own reference,
/// as embedded in records and exports (those are cached and downloaded, so a date would go stale).
/// </summary>
public sealed record CitationAccess(string BaseUrl, string DatasetVersion, DateOnly Accessed)
{
    /// <summary>
    /// The permanent URL of a record: pinned to the dataset version it was read at, so the citation
    /// resolves to the same value, unit and quote after any later correction or retraction.
    /// </summary>
    public string Permalink(CitedRecord record) => $"{BaseUrl.TrimEnd('/')}{record.Path}?version={Uri.EscapeDataString(DatasetVersion)}";
}

public static class CitationTypes
{
    /// <summary>The record types that have a citation resource.</summary>
    public static readonly string[] All = ["figure", "sample", "reform", "source"];

    public static string Collection(string type) => type + "s";

    public static string NameZh(string type) => type switch
    {
        "figure" => "数字",
        "sample" => "实践样本",
        "reform" => "改革",
        "source" => "来源",
        "milestone" => "大事",
        "honor" => "荣誉",
        _ => type,
    };
}
