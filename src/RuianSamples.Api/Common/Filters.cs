namespace RuianSamples.Api.Common;

/// <summary>A year filter: a range (From/To, either open), or Unknown: only the records without a year.</summary>
public readonly record struct YearRange(int? From, int? To, bool Unknown = false)
{
    public static YearRange Of((int? From, int? To) range) => new(range.From, range.To);

    /// <summary>Its part of a cursor's fingerprint in the From slot: a range's as before 'unknown' existed, so issued cursors stay valid.</summary>
    public object? FromKey => Unknown ? Filters.UnknownYear : From;
}

/// <summary>
/// The catalog's list filters, read and validated in one place (REST reads them from the query
/// string; GraphQL passes its arguments through the same checks).
/// </summary>
public static class Filters
{
    public const int MinYear = 1900, MaxYear = 2100;

    public static string? Theme(string parameter, string? value, Vocabulary vocabulary) =>
        Validate.OneOf(parameter, value, vocabulary.Current.Themes);

    public static string? Source(string parameter, string? value, Vocabulary vocabulary) =>
        Validate.OneOf(parameter, value, vocabulary.Current.Sources);

    public static string? FigureKind(string parameter, string? value, Vocabulary vocabulary) =>
        Validate.OneOf(parameter, value, vocabulary.Current.FigureKinds);

    public static string? PilotLevel(string parameter, string? value) => Validate.OneOf(parameter, value, Vocabulary.PilotLevels);

    public static int? Sample(string parameter, int? value)
    {
        if (value is null or (>= 1 and <= 10)) return value;
        throw new ApiInputException("invalid-parameter", parameter, $"Samples are numbered 1 to 10; got {value}.");
    }

    /// <summary>year (exact) or yearFrom/yearTo (inclusive range), not both.</summary>
    public static (int? From, int? To) Years(int? year, int? from, int? to)
    {
        if (year is not null && (from is not null || to is not null))
            throw new ApiInputException("invalid-parameter", "year", "Give either year or yearFrom/yearTo, not both.");
        if (year is not null) return (year, year);
        if (from is not null && to is not null && from > to)
            throw new ApiInputException("invalid-parameter", "yearFrom", $"yearFrom ({from}) is after yearTo ({to}).");
        return (from, to);
    }

    public static (int? From, int? To) Years(QueryReader q) =>
        Years(q.Int("year", MinYear, MaxYear), q.Int("yearFrom", MinYear, MaxYear), q.Int("yearTo", MinYear, MaxYear));

    /// <summary>The year facet's value for the records without a year (reforms without a start year, figures and honors without one).</summary>
    public const string UnknownYear = "unknown";

    /// <summary>
    /// year (a number or <see cref="UnknownYear"/>) or yearFrom/yearTo, for the lists whose records may have no year: every
    /// value the year facet offers is a filter a client can send back.
    /// </summary>
    public static YearRange YearsOrUnknown(QueryReader q)
    {
        if (q.String("year") != UnknownYear) return YearRange.Of(Years(q));
        if (q.String("yearFrom") is not null || q.String("yearTo") is not null)
            throw new ApiInputException("invalid-parameter", "year", "Give either year or yearFrom/yearTo, not both.");
        return new YearRange(null, null, Unknown: true);
    }

    /// <summary>facets=true asks for counts by theme, region and year under the current filter.</summary>
    public static bool Facets(QueryReader q) => Validate.OneOf("facets", q.String("facets"), ["true", "false"]) == "true";
}
