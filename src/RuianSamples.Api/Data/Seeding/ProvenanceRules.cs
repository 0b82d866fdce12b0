using System.Globalization;
using System.Text.RegularExpressions;

namespace RuianSamples.Api.Data.Seeding;

/// <summary>One broken rule: the field (as seeds/ names it), a stable rule id, and the message.</summary>
public sealed record RuleViolation(string Field, string Rule, string Message);

/// <summary>What the rules look up: the seeds loader answers from the files, a partner write from the database.</summary>
public sealed record ProvenanceLookups(
    Func<string, string?> NormalizedSource,
    Func<string, bool> RegionExists,
    Func<string, string, bool> SubjectResolves,
    Func<string, bool> ThemeExists,
    Func<int, bool> SampleExists);

/// <summary>
/// The provenance rules of seeds/README.md, in one place: the seeds loader and the partner write
/// services both call them, so a write through the API is held to exactly the rules of a seed.
/// </summary>
public static partial class ProvenanceRules
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^\d{4}(-\d{2}(-\d{2})?)?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[0-9]+(\.[0-9]+)?$")]
    private static partial Regex PlainNumber();

    public static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";

    public const int MaxSlugLength = 80;

    public static IEnumerable<RuleViolation> Slug(string field, string slug)
    {
        if (!SlugPattern().IsMatch(slug)) yield return new(field, "slug", $"slug '{Truncate(slug)}' is not lowercase-hyphen ascii");
        // A slug is part of every URL of the record: the seeds' longest is 56 characters.
        else if (slug.Length > MaxSlugLength) yield return new(field, "slug", $"slug '{Truncate(slug)}' is longer than {MaxSlugLength} characters");
    }

    public static IEnumerable<RuleViolation> Date(string field, string date)
    {
        if (!DatePattern().IsMatch(date)) yield return new(field, "date-format", $"date '{date}' is not YYYY, YYYY-MM or YYYY-MM-DD");
        else if (!IsCalendarDate(date)) yield return new(field, "date-format", $"date '{date}' is not a date of the calendar (month 01-12, a day the month has, year from 0001)");
    }

    [GeneratedRegex(@"^(?<from>\d{4})(-\d{2}(-\d{2})?|-(?<to>\d{4}))?$")]
    private static partial Regex PeriodPattern();

    /// <summary>A figure's period: a date the calendar has, or a span of years, within the years the filters take.</summary>
    private static bool IsPeriod(string period)
    {
        var match = PeriodPattern().Match(period);
        if (!match.Success) return false;
        static bool InRange(string year) => int.Parse(year, CultureInfo.InvariantCulture) is >= Common.Filters.MinYear and <= Common.Filters.MaxYear;
        if (!InRange(match.Groups["from"].Value)) return false;
        if (match.Groups["to"].Success) return InRange(match.Groups["to"].Value) && string.CompareOrdinal(match.Groups["to"].Value, match.Groups["from"].Value) > 0;
        return IsCalendarDate(period);
    }

    /// <summary>YYYY, YYYY-MM or YYYY-MM-DD (already matched) naming a real year, month and day.</summary>
    private static bool IsCalendarDate(string date)
    {
        var year = int.Parse(date[..4], CultureInfo.InvariantCulture);
        if (year < 1) return false;
        if (date.Length == 4) return true;
        var month = int.Parse(date[5..7], CultureInfo.InvariantCulture);
        if (month is < 1 or > 12) return false;
        if (date.Length == 7) return true;
        var day = int.Parse(date[8..10], CultureInfo.InvariantCulture);
        return day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    public static IEnumerable<RuleViolation> OneOf(string field, string? value, string[] allowed, bool nullable = false)
    {
        if (value is null && nullable) yield break;
        if (value is null || !allowed.Contains(value)) yield return new(field, "one-of", $"{field} '{value}' is not one of {string.Join(", ", allowed)}");
    }

    public static IEnumerable<RuleViolation> Region(string field, string? slug, ProvenanceLookups lookups)
    {
        if (slug is not null && !lookups.RegionExists(slug)) yield return new(field, "region-exists", $"region '{slug}' is not defined in regions/");
    }

    /// <summary>A quote must be stored normalised and be a verbatim substring of its source's normalised text.</summary>
    public static IEnumerable<RuleViolation> Quote(string field, string? quote, string sourceId, ProvenanceLookups lookups)
    {
        if (quote is null) yield break;
        var source = lookups.NormalizedSource(sourceId);
        if (source is null) { yield return new("source", "source-exists", $"unknown source '{sourceId}'"); yield break; }
        if (string.IsNullOrWhiteSpace(quote)) { yield return new(field, "required", $"{field} is empty"); yield break; }
        var normalized = QuoteNormalizer.Normalize(quote);
        if (normalized != quote) yield return new(field, "normalised", $"{field} is not stored normalised (line breaks or spaces between CJK characters)");
        if (!source.Contains(normalized, StringComparison.Ordinal))
            yield return new(field, "verbatim-in-source", $"{field} is not a verbatim quote of source '{sourceId}': \"{Truncate(quote)}\"");
    }

    public static IEnumerable<RuleViolation> Source(SourceSeed s)
    {
        foreach (var v in Date("date", s.Date)) yield return v;
        foreach (var v in OneOf("date_precision", s.DatePrecision, SeedLoader.DatePrecisions)) yield return v;
        // The site links to it ("原文"): only a web address may be one (javascript:, data:, file: … are not).
        if (s.Url is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)))
            yield return new("url", "web-address", $"url '{Truncate(url)}' is not an absolute http(s) address");
    }

    public static IEnumerable<RuleViolation> Figure(FigureSeed f, string sourceId, ProvenanceLookups lookups)
    {
        foreach (var v in OneOf("subject_type", f.SubjectType, SeedLoader.SubjectTypes)) yield return v;
        if (!lookups.SubjectResolves(f.SubjectType, f.Subject)) yield return new("subject", "subject-resolves", $"subject {f.SubjectType} '{f.Subject}' does not resolve");
        foreach (var v in OneOf("qualifier", f.Qualifier, SeedLoader.Qualifiers)) yield return v;
        foreach (var v in OneOf("kind", f.Kind, SeedLoader.FigureKinds)) yield return v;
        foreach (var v in Region("region", f.Region, lookups)) yield return v;
        foreach (var v in Quote("quote", f.Quote, sourceId, lookups)) yield return v;
        if (string.IsNullOrWhiteSpace(f.IndicatorZh) || string.IsNullOrWhiteSpace(f.IndicatorEn))
            yield return new("indicator", "required", "indicator_zh and indicator_en are required");
        if (!f.Quote.Contains(f.ValueText, StringComparison.Ordinal))
            yield return new("value_text", "value-in-quote", $"value_text '{f.ValueText}' does not appear in its quote");
        if (PlainNumber().IsMatch(f.ValueText) && double.Parse(f.ValueText, CultureInfo.InvariantCulture) != f.Value)
            yield return new("value", "value-matches-text", $"value {f.Value} does not match value_text '{f.ValueText}'");
        if (f.Baseline is { } b)
        {
            if (!f.Quote.Contains(b.ValueText, StringComparison.Ordinal))
                yield return new("baseline.value_text", "value-in-quote", $"baseline value_text '{b.ValueText}' does not appear in its quote");
            if (PlainNumber().IsMatch(b.ValueText) && double.Parse(b.ValueText, CultureInfo.InvariantCulture) != b.Value)
                yield return new("baseline.value", "value-matches-text", $"baseline value {b.Value} does not match '{b.ValueText}'");
        }
        if (f.Period is { } period && !IsPeriod(period))
            yield return new("period", "period-format",
                $"period '{Truncate(period)}' is not YYYY, YYYY-MM, YYYY-MM-DD or YYYY-YYYY with years {Common.Filters.MinYear}-{Common.Filters.MaxYear} (the year filters find a figure by it)");
        if (f.PeriodInferred && string.IsNullOrWhiteSpace(f.PeriodBasis))
            yield return new("period_basis", "inferred-needs-basis", "period_inferred needs a period_basis");
    }

    public static IEnumerable<RuleViolation> Reform(ReformSeed r, ProvenanceLookups lookups)
    {
        foreach (var v in Slug("slug", r.Slug)) yield return v;
        foreach (var v in Region("region", r.Region, lookups)) yield return v;
        foreach (var v in OneOf("pilot_level", r.PilotLevel, SeedLoader.PilotLevels, nullable: true)) yield return v;
        if (r.StartYear is < 1949 or > 2100) yield return new("start_year", "plausible-year", $"start_year {r.StartYear} is implausible");
        foreach (var v in Quote("description_zh", r.DescriptionZh, r.Source, lookups)) yield return v;
        foreach (var v in Quote("start_year_quote", r.StartYearQuote, r.Source, lookups)) yield return v;
        foreach (var v in Quote("pilot_level_quote", r.PilotLevelQuote, r.Source, lookups)) yield return v;
        // A start year that is not inferred is one the quote states, as a figure's value_text is in its quote.
        if (r.StartYear is { } year && !r.StartYearInferred && r.StartYearQuote is { } yearQuote
            && !yearQuote.Contains(year.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))
            yield return new("start_year", "year-in-quote", $"start_year {year} does not appear in its quote (mark it inferred and give a basis if the text implies it)");
        // What is inferred says how (GUIDE: a theme from a section header, a year from 去年 and the publication date).
        if (r.StartYearInferred && string.IsNullOrWhiteSpace(r.StartYearBasis))
            yield return new("start_year_basis", "inferred-needs-basis", "start_year_inferred needs a start_year_basis");
        if (r.ThemesInferred && string.IsNullOrWhiteSpace(r.ThemesBasis))
            yield return new("themes_basis", "inferred-needs-basis", "themes_inferred needs a themes_basis");
        foreach (var (f, i) in (r.Firsts ?? []).Select((f, i) => (f, i)))
        {
            foreach (var v in OneOf("first scope", f.Scope, SeedLoader.FirstScopes, nullable: true)) yield return v with { Field = $"firsts[{i}].scope" };
            foreach (var v in Quote("first quote", f.Quote, f.Source ?? r.Source, lookups)) yield return v with { Field = $"firsts[{i}].quote" };
            // The claim (全国首创, 率全省之先 …) is the source's wording: it must stand in the quote that carries it.
            if (!string.IsNullOrWhiteSpace(f.ClaimZh) && !string.IsNullOrEmpty(f.Quote)
                && !QuoteNormalizer.Normalize(f.Quote).Contains(QuoteNormalizer.Normalize(f.ClaimZh), StringComparison.Ordinal))
                yield return new($"firsts[{i}].claim", "claim-in-quote", $"the claim '{Truncate(f.ClaimZh)}' does not appear in its quote");
        }
        foreach (var t in r.Themes ?? [])
            if (!lookups.ThemeExists(t)) yield return new("themes", "theme-exists", $"theme '{t}' is not defined in themes.json");
        foreach (var n in r.Samples ?? [])
            if (!lookups.SampleExists(n)) yield return new("samples", "sample-exists", $"sample {n} is not defined in samples.json");
    }
}
