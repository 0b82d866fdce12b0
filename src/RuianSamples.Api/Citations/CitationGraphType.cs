using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace RuianSamples.Api.Citations;

/// <summary>GraphQL's CitationFormat: the formats of REST's …/citation resource.</summary>
public sealed class CitationFormatGraphType : EnumerationGraphType
{
    public CitationFormatGraphType()
    {
        Name = "CitationFormat";
        Description = "A citation format, as REST's `format=` on …/citation.";
        Add("CSL_JSON", "csl", $"{CitationFormats.Csl.Description}, as a JSON string.");
        Add("BIBTEX", "bibtex", CitationFormats.BibTex.Description + ".");
        Add("RIS", "ris", CitationFormats.Ris.Description + ".");
        Add("GBT7714", "gbt7714", "The reference formatted in GB/T 7714-2015 (Chinese national standard).");
        Add("APA", "apa", "The reference formatted in APA 7 (English).");
    }
}

public static class CitationFields
{
    /// <summary>
    /// Adds <c>citationAs(format:)</c>: the same text as REST's …/citation?format=. It is not named
    /// <c>citation</c> because Figure.citation already is the Citation object (source, quote, lines).
    /// <paramref name="record"/> returns the <see cref="CitedRecord"/>, or a pending one (a batch-loaded source).
    /// </summary>
    public static void CitationAs<T>(this ObjectGraphType<T> type, string what, Func<IResolveFieldContext<T>, object> record)
    {
        type.Field<NonNullGraphType<StringGraphType>>("citationAs")
            .Description($"The citation of {what} in a format a reference manager imports (as REST's …/citation): the source document, "
                + "this record's permanent URL, the dataset version and today's date as the access date.")
            .Argument<NonNullGraphType<CitationFormatGraphType>>("format", "CSL_JSON, BIBTEX, RIS, GBT7714 or APA.")
            .Resolve(c =>
            {
                var format = CitationFormats.Named(c.GetArgument<string>("format"))!;
                var http = c.RequestServices!.GetRequiredService<IHttpContextAccessor>().HttpContext!;
                // A record read at a pinned version (atVersion, or a list of a record read so) is cited at that version.
                var access = c.RequestServices!.GetRequiredService<CitationAccessFactory>().For(http, PinnedVersion(c));
                var value = record(c);
                return value is IDataLoaderResult pending
                    ? new Rendered(pending, r => CitationFormats.Render(format, r, access))
                    : CitationFormats.Render(format, (CitedRecord)value, access);
            });
    }

    /// <summary>
    /// The dataset version the record in this selection was read at, null when read now: the nearest pinned record at or
    /// above it (a pinned sample's or reform's lists), or the nearest <c>atVersion</c> field above it (a figure or source read
    /// with atVersion is the record as it was, but not a pinned type). Without the second, a figure's or source's
    /// <c>atVersion { citationAs }</c>, and the figures of a pinned sample or reform, cited today's version: a permanent URL that
    /// resolved to today's value, not the one cited.
    /// </summary>
    private static string? PinnedVersion(IResolveFieldContext context)
    {
        for (var at = context; at is not null; at = at.Parent)
        {
            if (at.Source is Versions.IPinnedRecord pinned) return pinned.Pin.Version;
            if (!ReferenceEquals(at, context) && at.FieldDefinition.Name == "atVersion"
                && long.TryParse(at.GetArgument<string>("version"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation))
                return generation.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    private sealed class Rendered(IDataLoaderResult record, Func<CitedRecord, string> render) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default) =>
            render((CitedRecord)(await record.GetResultAsync(cancellationToken))!);
    }
}
