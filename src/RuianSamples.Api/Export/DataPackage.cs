using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RuianSamples.Api.Common;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Export;

/// <summary>
/// The CSV exports as a Frictionless Data Package (v1): one tabular resource per CSV with a Table
/// Schema (types, descriptions, primary and foreign keys, missing values), the sources, the reuse
/// terms and the dataset version. The columns themselves stay defined once, in ExportCatalog; a
/// test checks that every CSV column has a field here and every field a column.
/// </summary>
public static class DataPackage
{
    public sealed record Field(string Name, string Type, string Description, string[]? Enum = null);

    public sealed record Table(string Name, string Title, string Description, string[] PrimaryKey, (string Field, string Resource, string Reference)[] ForeignKeys, Field[] Fields);

    private const string List = "; -separated list of ";
    private static Field S(string name, string description, string[]? values = null) => new(name, "string", description, values);
    private static Field I(string name, string description) => new(name, "integer", description);
    private static Field N(string name, string description) => new(name, "number", description);
    private static Field B(string name, string description) => new(name, "boolean", description);
    private static Field Url(string name = "url") => S(name, "The record's URL in the API, relative to its base URL.");

    private const string Zh = " (Chinese, as the source writes it)";
    private const string En = " (English: a RuianSamples translation)";
    private const string Precision = "Date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.";

    public static readonly IReadOnlyList<Table> Tables =
    [
        new("samples", "Practice samples", "Wenzhou's ten common-prosperity practice samples.", ["number"], [("theme", "themes", "slug")],
        [
            I("number", "The sample's number, 1-10."), S("slug", "Readable identifier."), S("title_zh", "Title" + Zh), S("title_en", "Title" + En),
            S("theme", "Theme slug (themes.csv)."), S("theme_zh", "Theme name" + Zh), B("theme_inferred", "True when the theme is inferred from the article's layout, not stated."),
            S("regions", List + "lead region slugs (regions.csv)."), S("regions_zh", List + "lead region names" + Zh), S("summary_zh", "Summary" + Zh), S("summary_en", "Summary" + En),
            S("measures_zh", List + "measures taken" + Zh), S("firsts", List + "verbatim quotes of claimed firsts."), S("reforms", List + "linked reform slugs (reforms.csv)."),
            I("figure_count", "Figures about this sample."), S("sources", List + "source ids (sources.csv)."), Url(),
            S("theme_basis", "Why the theme is the sample's: the header it sits under, or how it was inferred from the layout."),
        ]),
        new("reforms", "Reforms and initiatives", "Rui'an's and Wenzhou's reforms and initiatives.", ["slug"], [("region", "regions", "slug")],
        [
            S("slug", "Readable identifier."), S("name_zh", "Name" + Zh), S("name_en", "Name" + En), S("region", "Region slug (regions.csv)."), S("region_zh", "Region name" + Zh),
            I("start_year", "Year the reform started, where the text gives or implies one."), B("start_year_inferred", "True when the start year is inferred."),
            S("pilot_level", "Pilot level: national, provincial or municipal.", ["national", "provincial", "municipal"]),
            S("firsts", List + "claimed firsts" + Zh), S("firsts_quotes", List + "their verbatim quotes."), S("themes", List + "theme slugs (themes.csv)."),
            B("themes_inferred", "True when the themes are inferred."), S("samples", List + "linked sample numbers."), S("description_zh", "Description" + Zh),
            S("description_en", "Description" + En), I("figure_count", "Figures about this reform."), S("sources", List + "source ids (sources.csv)."), Url(),
            S("start_year_basis", "How the start year was inferred, when it was."), S("themes_basis", "Why these themes: how they were inferred, when they were."),
        ]),
        new("figures", "Figures", "Every figure: one observation with its value, unit as written, period, place and the verbatim sentence that states it.", ["id"],
            [("region", "regions", "slug"), ("source", "sources", "id")],
        [
            S("id", "Figure key."), S("subject_type", "What the figure is about.", ["sample", "reform", "region"]),
            S("subject", "The subject's key: a sample number, reform slug or region slug (by subject_type)."), S("region", "Region slug (regions.csv)."),
            S("region_zh", "Region name" + Zh), S("indicator_zh", "What is measured" + Zh), S("indicator_en", "What is measured" + En),
            N("value", "The value as a number, in `unit`."), S("value_text", "The value exactly as written."), S("unit", "Unit as written (亿元, 万人次, % …); empty for a bare count."),
            N("base_value", "The value in base units (亿元 → yuan, 万 → ones)."), S("base_unit", "The base unit."),
            S("qualifier", "exact, more_than (超), over (余/多), nearly (近) or about (约)."), S("qualifier_text", "The qualifier as written."),
            S("period", "The period the figure refers to."), I("year", "Its year, when one applies."), B("period_inferred", "True when the period is inferred (e.g. 去年)."),
            S("period_basis", "How the period was inferred."), N("baseline_value", "The before value of a before/after pair."), S("baseline_value_text", "It, as written."),
            S("baseline_unit", "Its unit."), S("baseline_period", "Its period."), N("change", "value − baseline_value; empty when the two are in different units."), N("change_percent", "The change in percent of the baseline; empty when the baseline is 0 or the units differ."),
            S("kind", "count, amount, share, ratio, rank, duration, growth, area, length or other."), S("source", "Source id (sources.csv)."),
            S("source_title_zh", "Source title" + Zh), S("source_date", "Source date. " + Precision), S("quote", "The verbatim sentence (a quotation from the source: see the licence terms)."),
            S("cite_zh", "The source's reference in GB/T 7714-2015."), S("cite_en", "The source's reference in APA 7."),
            S("passage_url", "API URL of the passage around the quote."), Url(),
            S("retracted_at", "When the figure was retracted (UTC, ISO 8601); empty for a figure in force. Retracted figures are exported only with include=retracted."),
            S("retracted_by", "The agency that retracted it."), S("retraction_comment", "Why it was retracted."),
        ]),
        new("regions", "Regions", "Province, city, counties and districts, towns, streets and villages.", ["slug"], [("parent", "", "slug")],
        [
            S("slug", "Readable identifier."), S("code", "Official administrative code, where certain."), S("name_zh", "Name" + Zh), S("name_en", "Name (pinyin or English)" + En),
            S("level", "Administrative level."), S("parent", "Parent region slug (this file); empty for the top."), I("samples", "Samples led here."),
            I("reforms", "Reforms here."), I("figures", "Figures about this place."), Url(),
        ]),
        new("themes", "Themes", "The seven demonstration areas and the three gaps.", ["slug"], [],
        [
            S("slug", "Readable identifier."), S("name_zh", "Name" + Zh), S("name_en", "Name" + En), S("kind", "demonstration_area or gap.", ["demonstration_area", "gap"]),
            I("samples", "Samples with this theme."), I("reforms", "Reforms with this theme."), Url(),
        ]),
        new("milestones", "Milestones", "Dated events, with their date's precision.", ["slug"], [("region", "regions", "slug"), ("source", "sources", "id")],
        [
            S("slug", "Readable identifier."), S("date", "Date. " + Precision), S("date_precision", "year, month or day.", ["year", "month", "day"]),
            B("date_inferred", "True when the date is inferred."), S("title_zh", "Event" + Zh), S("title_en", "Event" + En), S("region", "Region slug (regions.csv)."),
            S("source", "Source id (sources.csv)."), S("quote", "The verbatim sentence."), S("cite_zh", "The source's reference in GB/T 7714-2015."), Url(),
            S("date_basis", "How the date was inferred, when it was."), S("cite_en", "The source's reference in APA 7."), S("passage_url", "API URL of the passage around the quote."),
        ]),
        new("honors", "Honors and rankings", "Honors, titles and places on named lists.", ["slug"], [("region", "regions", "slug"), ("source", "sources", "id")],
        [
            S("slug", "Readable identifier."), S("name_zh", "Name" + Zh), S("name_en", "Name" + En), I("rank", "Place on the list, where given."), I("year", "Year, where given."),
            B("year_inferred", "True when the year is inferred."), S("region", "Region slug (regions.csv)."), S("source", "Source id (sources.csv)."),
            S("quote", "The verbatim sentence."), S("cite_zh", "The source's reference in GB/T 7714-2015."), Url(),
            S("year_basis", "How the year was inferred, when it was."), S("cite_en", "The source's reference in APA 7."), S("passage_url", "API URL of the passage around the quote."),
        ]),
        new("sources", "Sources", "The five source documents every fact comes from.", ["id"], [],
        [
            S("id", "Source id."), S("title_zh", "Title, as printed."), S("title_en", "Title" + En), S("publication", "Publication, where the source names one."),
            S("byline", "Byline, as printed."), S("date", "Publication date. " + Precision), S("date_precision", "year, month or day.", ["year", "month", "day"]),
            B("date_inferred", "True when the date is inferred."), S("date_basis", "How the date was established."), S("original_url", "The original's URL, where the text gives one."),
            S("sha256", "SHA-256 of the original file."), Url(),
        ]),
    ];

    /// <summary>The descriptor (datapackage.json); <paramref name="pathOf"/> gives each CSV's path (the API's URL, or the file in the zip).</summary>
    public static JsonObject Descriptor(string version, string lastUpdated, IReadOnlyList<SourceRow> sources, Func<string, string> pathOf) => new()
    {
        ["profile"] = "tabular-data-package",
        ["name"] = "ruiansamples",
        ["title"] = "RuianSamples: Wenzhou's ten common-prosperity practice samples and Rui'an's reforms (温州共同富裕十大实践样本与瑞安改革)",
        ["description"] = "A citable catalog curated from five Chinese documents: every figure and every claimed first carries its source and a verbatim quote. "
            + "`zh` columns are the sources' wording; `en` columns are RuianSamples translations; what is inferred is marked. "
            + "温州共同富裕十大实践样本与瑞安改革目录：每个数字、每项“首创”均附来源与原文引语。",
        ["version"] = version,
        ["created"] = lastUpdated,
        ["keywords"] = new JsonArray("common prosperity", "共同富裕", "Wenzhou", "温州", "Rui'an", "瑞安", "reforms", "statistics"),
        ["contributors"] = new JsonArray(new JsonObject { ["title"] = "RuianSamples", ["role"] = "author" }),
        ["licenses"] = new JsonArray(new JsonObject { ["name"] = ReuseTerms.DataLicenseName, ["path"] = ReuseTerms.DataLicenseUrl, ["title"] = ReuseTerms.DataLicenseTitle }),
        ["reuse"] = new JsonArray([.. ReuseTerms.All.Select(t => (JsonNode)t)]),
        ["sources"] = new JsonArray([.. sources.Select(SourceOf)]),
        ["resources"] = new JsonArray([.. Tables.Select(t => Resource(t, pathOf(t.Name)))]),
    };

    private static JsonNode SourceOf(SourceRow s)
    {
        var source = new JsonObject
        {
            ["title"] = $"{s.TitleZh} ({s.TitleEn}){(s.PublicationZh is null ? "" : ", " + s.PublicationZh)}, {s.Byline}, {s.Date}{(s.DateInferred ? " (date inferred)" : "")}",
        };
        if (s.Url is not null) source["path"] = s.Url;
        return source;
    }

    private static JsonNode Resource(Table t, string path)
    {
        var schema = new JsonObject
        {
            ["fields"] = new JsonArray([.. t.Fields.Select(FieldOf)]),
            ["primaryKey"] = new JsonArray([.. t.PrimaryKey.Select(k => (JsonNode)k)]),
            ["missingValues"] = new JsonArray(""),
        };
        if (t.ForeignKeys.Length > 0)
            schema["foreignKeys"] = new JsonArray([.. t.ForeignKeys.Select(fk => (JsonNode)new JsonObject
            {
                ["fields"] = fk.Field,
                ["reference"] = new JsonObject { ["resource"] = fk.Resource, ["fields"] = fk.Reference },
            })]);
        return new JsonObject
        {
            ["name"] = t.Name,
            ["path"] = path,
            ["profile"] = "tabular-data-resource",
            ["title"] = t.Title,
            ["description"] = t.Description,
            ["format"] = "csv",
            ["mediatype"] = "text/csv",
            ["encoding"] = "utf-8",
            ["dialect"] = new JsonObject { ["delimiter"] = ",", ["lineTerminator"] = "\r\n", ["quoteChar"] = "\"", ["doubleQuote"] = true, ["header"] = true },
            ["schema"] = schema,
        };
    }

    private static JsonNode FieldOf(Field f)
    {
        var field = new JsonObject { ["name"] = f.Name, ["type"] = f.Type, ["description"] = f.Description };
        if (f.Type == "boolean") { field["trueValues"] = new JsonArray("true"); field["falseValues"] = new JsonArray("false"); }
        if (f.Enum is not null) field["constraints"] = new JsonObject { ["enum"] = new JsonArray([.. f.Enum.Select(e => (JsonNode)e)]) };
        return field;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = ApiHttpExtensions.Encoder };

    public static byte[] Serialize(JsonObject descriptor) => Encoding.UTF8.GetBytes(descriptor.ToJsonString(Indented) + "\n");

    /// <summary>
    /// The zip: the descriptor, a README of the reuse terms and every CSV, written entry by entry
    /// straight to the response (async zip API: nothing is held whole in memory), all from the
    /// request's one read snapshot, so every file is of the same dataset version.
    /// </summary>
    public static async Task WriteZip(Stream body, byte[] descriptor, string version, Func<Stream, ExportResource, Task> writeCsv)
    {
        var output = new AsyncFlushingStream(body);
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8))
        {
            await WriteEntry(zip, output, "datapackage.json", s => s.WriteAsync(descriptor).AsTask());
            await WriteEntry(zip, output, "README.md", s => s.WriteAsync(Encoding.UTF8.GetBytes(Readme(version))).AsTask());
            foreach (var table in Tables)
                await WriteEntry(zip, output, $"{table.Name}.csv", s => writeCsv(s, ExportCatalog.Resources.Single(r => r.Name == table.Name)));
        }
        await output.FlushAsync();
    }

    private static async Task WriteEntry(ZipArchive zip, Stream output, string name, Func<Stream, Task> write)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using (var stream = await entry.OpenAsync())
            await write(stream);
        await output.FlushAsync();
    }

    private static string Readme(string version) => $"""
        # RuianSamples data package, dataset version {version}

        datapackage.json describes every CSV (Frictionless Data Package v1: field types, keys, foreign keys).
        The CSV files are UTF-8 (no byte-order mark: for Excel, download them from the API's export, which has one), RFC 4180, one row per record.

        ## Reuse

        {string.Join("\n\n", ReuseTerms.All.Select(t => "* " + t))}

        Attribution: {ReuseTerms.Attribution}, dataset version {version}. Licence: {ReuseTerms.DataLicenseTitle}, {ReuseTerms.DataLicenseUrl}.

        """;
}
