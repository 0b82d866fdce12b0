using System.Text.Json;
using Microsoft.Net.Http.Headers;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Citations;

/// <summary>A format a citation is served in: its name for <c>format=</c> and its media type.</summary>
public sealed record CitationFormat(string Name, string MediaType, string Description);

public static class CitationFormats
{
    public static readonly CitationFormat Csl = new("csl", "application/vnd.citationstyles.csl+json", "CSL-JSON: an array of one CSL 1.0.2 item (Zotero, Mendeley, pandoc, citeproc)");
    public static readonly CitationFormat BibTex = new("bibtex", "application/x-bibtex", "BibTeX with biblatex fields (date, urldate, journaltitle), UTF-8");
    public static readonly CitationFormat Ris = new("ris", "application/x-research-info-systems", "RIS, UTF-8 (EndNote, Zotero, RefWorks)");
    public static readonly CitationFormat GbT7714 = new("gbt7714", "text/plain", "the reference formatted in GB/T 7714-2015 (Chinese national standard)");
    public static readonly CitationFormat Apa = new("apa", "text/plain", "the reference formatted in APA 7 (English)");

    public static readonly IReadOnlyList<CitationFormat> All = [Csl, BibTex, Ris, GbT7714, Apa];
    public static readonly string[] Names = [.. All.Select(f => f.Name)];

    /// <summary>Accept types that mean one of the formats; text/plain is ambiguous (two styles), so it takes format=.</summary>
    private static readonly Dictionary<string, CitationFormat> ByMediaType = new(StringComparer.OrdinalIgnoreCase)
    {
        [Csl.MediaType] = Csl,
        ["application/json"] = Csl,
        [BibTex.MediaType] = BibTex,
        ["text/x-bibtex"] = BibTex,
        [Ris.MediaType] = Ris,
    };

    public static CitationFormat? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>
    /// The format for an Accept header, best quality first; no header, */* or application/* mean
    /// CSL-JSON. Returns the media type to answer with (application/json when that is what was asked),
    /// or null when nothing acceptable can be produced.
    /// </summary>
    public static (CitationFormat Format, string MediaType)? Negotiate(IList<string>? accept)
    {
        if (accept is null || accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types)) return (Csl, Csl.MediaType);
        foreach (var type in types.Where(t => (t.Quality ?? 1) > 0).OrderByDescending(t => t.Quality ?? 1))
        {
            var media = type.MediaType.ToString();
            if (ByMediaType.TryGetValue(media, out var format)) return (format, media.Equals("application/json", StringComparison.OrdinalIgnoreCase) ? "application/json" : format.MediaType);
            if (media is "*/*" or "application/*") return (Csl, Csl.MediaType);
        }
        return null;
    }

    public static string Render(CitationFormat format, CitedRecord record, CitationAccess access) => format.Name switch
    {
        "csl" => new System.Text.Json.Nodes.JsonArray(CitationBuilder.Csl(record, access)).ToJsonString(Indented) + "\n",
        "bibtex" => CitationBuilder.BibTex(record, access),
        "ris" => CitationBuilder.Ris(record, access),
        "gbt7714" => CitationBuilder.GbT7714(record, access) + "\n",
        _ => CitationBuilder.Apa(record, access) + "\n",
    };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = ApiHttpExtensions.Encoder };
}
