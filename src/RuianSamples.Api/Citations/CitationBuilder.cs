using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Citations;

/// <summary>
/// Every citation the API gives, built in one place from one <see cref="CitedRecord"/>: CSL-JSON,
/// BibTeX (biblatex fields), RIS, and the formatted lines in GB/T 7714-2015 (zh) and APA 7 (en).
/// The work cited is the source document; our record's permanent URL, the dataset version and the
/// access date say where and when it was read, and the quote goes in the note.
/// </summary>
public static class CitationBuilder
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;
    public const string Publisher = "RuianSamples";

    /// <summary>The two ready-to-cite lines a record carries (no access date: records are cached and exported).</summary>
    public static Label Lines(CitedSource source)
    {
        var record = new CitedRecord("source", source.Id, new Label(source.TitleZh, source.TitleEn), null, source);
        return new(GbT7714(record, null), Apa(record, null));
    }

    /// <summary>The note: the quote verbatim, which record of ours, the dataset version, and what is inferred.</summary>
    public static string Note(CitedRecord record, CitationAccess? access)
    {
        var s = record.Source;
        var parts = new List<string>();
        if (record.Quote is { } quote) parts.Add($"引文 Quote: “{quote}”");
        var what = $"RuianSamples {record.Type} {record.Key}";
        if (record.Type != "source") what += $": {record.Label.Zh} ({record.Label.En}; English by RuianSamples)";
        if (access is not null) what += $", dataset version {access.DatasetVersion}";
        parts.Add(what);
        if (record.Retraction is { } retraction)
            parts.Add($"撤回 Retracted: RuianSamples {record.Type} {record.Key} was retracted on {retraction.Day:yyyy-MM-dd} by {retraction.By}: {retraction.Comment.TrimEnd('.')}");
        if (s.DateInferred) parts.Add($"The source prints no date; {s.Date} is inferred by RuianSamples ({s.Id})");
        if (s.Url is { } url) parts.Add($"Original: {url}");
        return string.Join(". ", parts) + ".";
    }

    // ---- CSL-JSON ---------------------------------------------------------------------------------

    public static string CslType(SourceGenre genre) => genre switch
    {
        SourceGenre.Newspaper => "article-newspaper",
        SourceGenre.Report => "report",
        _ => "document",
    };

    /// <summary>One CSL-JSON item (CSL 1.0.2).</summary>
    public static JsonObject Csl(CitedRecord record, CitationAccess access)
    {
        var s = record.Source;
        var item = new JsonObject
        {
            ["id"] = record.CitationKey,
            ["type"] = CslType(s.Genre),
            ["title"] = s.TitleZh,
            ["language"] = "zh-CN",
        };
        var authors = s.Authors;
        if (authors.Count > 0) item["author"] = new JsonArray([.. authors.Select(a => (JsonNode)new JsonObject { ["literal"] = a })]);
        item["issued"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray([.. s.DateParts.Select(p => (JsonNode)p)])) };
        if (s.PublicationZh is { } publication)
            item[s.Genre == SourceGenre.Newspaper ? "container-title" : "publisher"] = publication;
        item["URL"] = access.Permalink(record);
        item["accessed"] = new JsonObject { ["date-parts"] = new JsonArray(new JsonArray(access.Accessed.Year, access.Accessed.Month, access.Accessed.Day)) };
        item["source"] = Publisher;
        item["archive"] = Publisher;
        item["archive_location"] = $"{record.Type} {record.Key}";
        item["version"] = access.DatasetVersion;
        item["note"] = Note(record, access);
        return item;
    }

    // ---- BibTeX -----------------------------------------------------------------------------------

    /// <summary>
    /// biblatex fields (date, urldate, journaltitle), which biber, Zotero and citation-js read. Text is
    /// UTF-8 as is; only BibTeX's special characters are escaped. Names are braced whole, so no
    /// tool splits a Chinese name into given and family names.
    /// </summary>
    public static string BibTex(CitedRecord record, CitationAccess access)
    {
        var s = record.Source;
        var (entry, subtype) = s.Genre switch
        {
            SourceGenre.Newspaper => ("article", "newspaper"),
            SourceGenre.Report => ("report", null),
            _ => ("misc", null),
        };
        var fields = new List<(string Name, string Value)>();
        if (subtype is not null) fields.Add(("entrysubtype", subtype));
        if (s.Authors.Count > 0) fields.Add(("author", string.Join(" and ", s.Authors.Select(a => "{" + BibEscape(a) + "}"))));
        fields.Add(("title", "{" + BibEscape(s.TitleZh) + "}"));
        if (s.PublicationZh is { } publication)
            fields.Add((s.Genre == SourceGenre.Newspaper ? "journaltitle" : s.Genre == SourceGenre.Report ? "institution" : "publisher", BibEscape(publication)));
        fields.Add(("date", s.Date));
        fields.Add(("url", access.Permalink(record)));
        fields.Add(("urldate", access.Accessed.ToString("yyyy-MM-dd", Invariant)));
        fields.Add(("langid", "chinese"));
        fields.Add(("version", BibEscape(access.DatasetVersion)));
        fields.Add(("note", BibEscape(Note(record, access))));
        var text = new StringBuilder();
        text.Append('@').Append(entry).Append('{').Append(record.CitationKey).Append(",\n");
        foreach (var (name, value) in fields) text.Append("  ").Append(name).Append(" = {").Append(value).Append("},\n");
        return text.Append("}\n").ToString();
    }

    /// <summary>Escapes what BibTeX treats as markup; everything else (Chinese included) is written as UTF-8.</summary>
    public static string BibEscape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        foreach (var c in text)
            escaped.Append(c switch
            {
                '\\' => @"\textbackslash{}",
                '{' or '}' or '%' or '&' or '$' or '#' or '_' => "\\" + c,
                '~' => @"\textasciitilde{}",
                '^' => @"\textasciicircum{}",
                _ => c.ToString(),
            });
        return escaped.ToString();
    }

    // ---- RIS --------------------------------------------------------------------------------------

    public static string RisType(SourceGenre genre) => genre switch
    {
        SourceGenre.Newspaper => "NEWS",
        SourceGenre.Report => "RPRT",
        _ => "GEN",
    };

    /// <summary>RIS (served as UTF-8, CRLF line ends as the format's tools expect).</summary>
    public static string Ris(CitedRecord record, CitationAccess access)
    {
        var s = record.Source;
        var lines = new List<(string Tag, string Value)> { ("TY", RisType(s.Genre)) };
        lines.AddRange(s.Authors.Select(a => ("AU", a)));
        lines.Add(("TI", s.TitleZh));
        if (s.PublicationZh is { } publication) lines.Add((s.Genre == SourceGenre.Newspaper ? "T2" : "PB", publication));
        var d = s.DateParts;
        // A newspaper's year is PY in the RIS spec (citation-js reads only PY for NEWS), and its issue date DA, which EndNote
        // and Zotero read: PY alone dropped a dated newspaper's month and day. Other types take DA (YYYY/MM/DD/ with empty parts).
        if (s.Genre == SourceGenre.Newspaper) lines.Add(("PY", d[0].ToString(Invariant)));
        lines.Add(("DA", $"{d[0]:D4}/{(d.Length > 1 ? d[1].ToString("D2", Invariant) : "")}/{(d.Length > 2 ? d[2].ToString("D2", Invariant) : "")}/"));
        lines.Add(("UR", access.Permalink(record)));
        lines.Add(("Y2", access.Accessed.ToString("yyyy/MM/dd", Invariant)));
        lines.Add(("LA", "zh-CN"));
        lines.Add(("DB", Publisher));
        lines.Add(("AN", $"{record.Type} {record.Key}"));
        lines.Add(("N1", Note(record, access)));
        lines.Add(("ER", ""));
        return string.Concat(lines.Select(l => $"{l.Tag}  - {OneLine(l.Value)}\r\n"));
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    // ---- GB/T 7714-2015 (zh) ----------------------------------------------------------------------

    private static string GbCode(SourceGenre genre) => genre switch
    {
        SourceGenre.Newspaper => "N",
        SourceGenre.Report => "R",
        _ => "Z",
    };

    /// <summary>
    /// GB/T 7714-2015 (顺序编码制 form): at most three authors then 等; an inferred date in square
    /// brackets (the standard's mark for an estimated date); [引用日期] and the URL when read online.
    /// </summary>
    public static string GbT7714(CitedRecord record, CitationAccess? access)
    {
        var s = record.Source;
        var online = access is not null || s.Url is not null;
        var text = new StringBuilder();
        var authors = s.Authors;
        if (authors.Count > 0)
            text.Append(string.Join(", ", authors.Take(3))).Append(authors.Count > 3 ? ", 等" : "").Append(". ");
        text.Append(s.TitleZh).Append('[').Append(GbCode(s.Genre)).Append(online ? "/OL" : "").Append("]. ");
        if (s.PublicationZh is { } publication) text.Append(publication).Append(", ");
        text.Append(s.DateInferred ? $"[{s.Date}]" : s.Date);
        if (access is not null) text.Append('[').Append(access.Accessed.ToString("yyyy-MM-dd", Invariant)).Append(']');
        text.Append('.');
        if (access is not null)
        {
            text.Append(' ').Append(access.Permalink(record)).Append('.');
            text.Append($" RuianSamples 数据集版本 {access.DatasetVersion}, {CitationTypes.NameZh(record.Type)} {record.Key}");
            if (record.Retraction is { } retraction) text.Append($"（{retraction.Day:yyyy-MM-dd}已撤回）");
            text.Append('.');
            if (s.Url is { } original) text.Append(" 原文: ").Append(original).Append('.');
        }
        else if (s.Url is { } original)
            text.Append(' ').Append(original).Append('.');
        return text.ToString();
    }

    // ---- APA 7 (en) -------------------------------------------------------------------------------

    /// <summary>
    /// APA 7: the title in Chinese with its English translation in square brackets (APA's mark for a
    /// translated title; ours), names as printed, an inferred date said so, "Retrieved … from" the
    /// permanent URL when read online.
    /// </summary>
    public static string Apa(CitedRecord record, CitationAccess? access)
    {
        var s = record.Source;
        var text = new StringBuilder();
        var authors = s.Authors;
        var title = $"{s.TitleZh} [{s.TitleEn}; title translated by RuianSamples]";
        if (authors.Count > 0) text.Append(ApaAuthors(authors)).Append(' ').Append(ApaDate(s)).Append(' ').Append(title).Append('.');
        else text.Append(title).Append(". ").Append(ApaDate(s)); // APA without an author: "Title. (Date)." (the date carries its period)
        if (s.PublicationZh is { } publication) text.Append(' ').Append(publication).Append('.');
        if (access is not null)
        {
            text.Append($" Quoted in RuianSamples, dataset version {access.DatasetVersion}, {record.Type} {record.Key}");
            if (record.Retraction is { } retraction) text.Append(" (retracted ").Append(retraction.Day.ToString("MMMM d, yyyy", Invariant)).Append(')');
            text.Append('.');
            text.Append(" Retrieved ").Append(access.Accessed.ToString("MMMM d, yyyy", Invariant)).Append(", from ").Append(access.Permalink(record));
            if (s.Url is { } original) text.Append(" (original: ").Append(original).Append(')');
        }
        else if (s.Url is { } original)
            text.Append(' ').Append(original);
        return text.ToString();
    }

    private static string ApaAuthors(IReadOnlyList<string> authors) => authors.Count switch
    {
        1 => authors[0] + ".",
        <= 20 => string.Join(", ", authors.Take(authors.Count - 1)) + ", & " + authors[^1] + ".",
        _ => string.Join(", ", authors.Take(19)) + ", … " + authors[^1] + ".",
    };

    private static string ApaDate(CitedSource s)
    {
        var d = s.DateParts;
        var date = d.Length switch
        {
            1 => d[0].ToString(Invariant),
            2 => $"{d[0]}, {new DateOnly(d[0], d[1], 1).ToString("MMMM", Invariant)}",
            _ => $"{d[0]}, {new DateOnly(d[0], d[1], d[2]).ToString("MMMM d", Invariant)}",
        };
        return $"({date}{(s.DateInferred ? ", date inferred" : "")}).";
    }
}
