using System.Text.Json;
using System.Text.Json.Nodes;
using RuianSamples.Api.Citations;
using RuianSamples.Api.Export;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.LinkedData;

/// <summary>
/// schema.org metadata as JSON-LD, built from the same records REST returns. <see cref="Dataset"/> is
/// the one function for the catalog as a whole (the API index serves it; a web page embeds it in a
/// script type="application/ld+json" element); the others describe one record each.
/// </summary>
public static class SchemaOrg
{
    public const string MediaType = "application/ld+json";
    public const string Context = "https://schema.org";

    private static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    private static JsonObject Zh(string text) => new() { ["@language"] = "zh", ["@value"] = text };

    /// <summary>A value in each language: the Chinese as written, the English marked as ours in the data's own terms.</summary>
    private static JsonArray Both(string zh, string en) =>
        new(new JsonObject { ["@language"] = "zh", ["@value"] = zh }, new JsonObject { ["@language"] = "en", ["@value"] = en });

    /// <summary>The catalog as a schema.org Dataset: names, descriptions, creator, coverage, version, licence, and a DataDownload per export.</summary>
    public static JsonObject Dataset(string baseUrl, string version, string lastUpdated, IEnumerable<string> exports, (int From, int To)? years)
    {
        var dataset = new JsonObject
        {
            ["@context"] = Context,
            ["@type"] = "Dataset",
            ["@id"] = baseUrl + "/api/v1",
            ["url"] = baseUrl + "/api/v1",
            ["name"] = Both("温州共同富裕十大实践样本与瑞安改革", "RuianSamples: Wenzhou's ten common-prosperity practice samples and Rui'an's reforms"),
            ["description"] = Both(
                "温州共同富裕十大实践样本与瑞安改革的可引用目录：每个数字、每项“首创”均附来源文献与原文引语；推断内容均有标注。",
                "A citable catalog of Wenzhou's ten common-prosperity practice samples and Rui'an's reforms, curated from five Chinese documents: every figure "
                    + "and every claimed first carries its source and a verbatim quote; what is inferred is marked. English texts are RuianSamples translations."),
            ["keywords"] = Array(["共同富裕", "common prosperity", "温州", "Wenzhou", "瑞安", "Rui'an", "reform", "statistics"]),
            ["inLanguage"] = Array(["zh", "en"]),
            ["creator"] = new JsonObject { ["@type"] = "Organization", ["name"] = "RuianSamples", ["url"] = baseUrl + "/api/v1" },
            ["version"] = version,
            ["dateModified"] = lastUpdated,
            ["license"] = ReuseTerms.DataLicenseUrl,
            ["usageInfo"] = new JsonObject { ["@type"] = "CreativeWork", ["name"] = "Reuse terms", ["text"] = string.Join(" ", ReuseTerms.All) },
            ["isAccessibleForFree"] = true,
            ["spatialCoverage"] = Place("wenzhou", "330300", "温州市", "Wenzhou", baseUrl, new JsonObject
            {
                ["@type"] = "AdministrativeArea", ["@id"] = $"{baseUrl}/api/v1/regions/zhejiang", ["name"] = Both("浙江省", "Zhejiang"),
            }),
            ["distribution"] = Array(exports.Select(file => (JsonNode)new JsonObject
            {
                ["@type"] = "DataDownload",
                ["name"] = file,
                ["contentUrl"] = $"{baseUrl}/api/v1/export/{file}",
                ["encodingFormat"] = MediaTypeOf(file),
            })),
        };
        if (years is { } y) dataset["temporalCoverage"] = y.From == y.To ? $"{y.From}" : $"{y.From}/{y.To}";
        return dataset;
    }

    /// <summary>The Dataset for this request's host, from the catalog's metadata: what a web page embeds.</summary>
    // The default JavaScript encoder with every Unicode range: Chinese stays readable, and the
    // HTML-sensitive characters (<, >, &, ', ") are always escaped as \u003C …, so no text in the
    // data can close the script element (</script>) or open a comment inside it.
    private static readonly JsonSerializerOptions ScriptSafe = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>JSON-LD for a web page's <c>&lt;script type="application/ld+json"&gt;</c> element: no character of it can end the element.</summary>
    public static string ForScriptElement(JsonNode jsonLd) => jsonLd.ToJsonString(ScriptSafe);

    public static async Task<JsonObject> DatasetFor(HttpContext http)
    {
        var services = http.RequestServices;
        var catalog = services.GetRequiredService<Catalog.CatalogQueries>();
        var meta = await catalog.MetaAsync();
        var years = await catalog.FigureYearsAsync();
        return Dataset(services.GetRequiredService<CitationAccessFactory>().BaseUrl(http), meta.Version, meta.LastUpdated, Catalog.ExportFormats.All,
            years.From is { } from && years.To is { } to ? (from, to) : null);
    }

    private static string MediaTypeOf(string file) => Path.GetExtension(file) switch
    {
        ".csv" => "text/csv",
        ".ndjson" => "application/x-ndjson",
        ".zip" => "application/zip",
        _ => "application/json",
    };

    private static JsonObject Place(string slug, string? code, string zh, string en, string baseUrl, JsonObject? containedIn)
    {
        var place = new JsonObject { ["@type"] = "AdministrativeArea", ["@id"] = $"{baseUrl}/api/v1/regions/{slug}", ["name"] = Both(zh, en) };
        if (code is not null) place["identifier"] = code;
        if (containedIn is not null) place["containedInPlace"] = containedIn;
        return place;
    }

    /// <summary>A region as a Place (AdministrativeArea) inside its ancestors, nearest first.</summary>
    public static JsonObject Region(RegionDto r, string baseUrl)
    {
        JsonObject? containedIn = null;
        foreach (var ancestor in r.Ancestors) // outermost first: each contains the next
            containedIn = Place(ancestor.Slug, ancestor.Code, ancestor.Name.Zh, ancestor.Name.En, baseUrl, containedIn);
        var place = new JsonObject { ["@context"] = Context };
        foreach (var (key, value) in Place(r.Slug, r.Code, r.Name.Zh, r.Name.En, baseUrl, containedIn)) place[key] = value?.DeepClone();
        place["url"] = baseUrl + r.Url;
        return place;
    }

    /// <summary>A source document: a NewsArticle when its publication is a newspaper, a Report when it is one, else a CreativeWork.</summary>
    public static JsonObject Source(CitedSource s, string baseUrl)
    {
        var work = new JsonObject
        {
            ["@type"] = s.Genre switch { SourceGenre.Newspaper => "NewsArticle", SourceGenre.Report => "Report", _ => "CreativeWork" },
            ["@id"] = $"{baseUrl}/api/v1/sources/{s.Id}",
            ["name"] = Zh(s.TitleZh),
            ["alternateName"] = new JsonObject { ["@language"] = "en", ["@value"] = s.TitleEn },
            ["inLanguage"] = "zh",
            ["datePublished"] = s.Date,
        };
        if (s.Genre == SourceGenre.Newspaper) work["headline"] = s.TitleZh;
        if (s.Authors.Count > 0) work["author"] = Array(s.Authors.Select(a => (JsonNode)new JsonObject { ["@type"] = "Person", ["name"] = a }));
        if (s.PublicationZh is { } publication)
            work[s.Genre == SourceGenre.Newspaper ? "isPartOf" : "publisher"] = s.Genre == SourceGenre.Newspaper
                ? new JsonObject { ["@type"] = "Periodical", ["name"] = publication }
                : new JsonObject { ["@type"] = "Organization", ["name"] = publication };
        if (s.Url is { } url) work["sameAs"] = url;
        if (s.DateInferred) work["description"] = $"The source prints no date; {s.Date} is inferred by RuianSamples.";
        return work;
    }

    public static JsonObject Source(SourceDto s, string baseUrl)
    {
        // @context first, as in every other document we serve (a streaming JSON-LD reader needs it before the terms it defines).
        var work = new JsonObject { ["@context"] = Context };
        foreach (var (key, value) in Source(new CitedSource(s.Id, s.Title.Zh, s.Title.En, s.Publication?.Zh, s.Publication?.En, s.Byline, s.Date, s.DateInferred, s.OriginalUrl), baseUrl))
            work[key] = value?.DeepClone();
        work["url"] = baseUrl + s.Url;
        if (s.DateBasis is { } basis) work["description"] = basis;
        return work;
    }

    /// <summary>A figure as the Quotation that states it: the verbatim text, part of its source, about the value it gives and its place.</summary>
    public static JsonObject Figure(FigureDto f, string baseUrl)
    {
        var value = new JsonObject
        {
            ["@type"] = "PropertyValue",
            ["name"] = Both(f.Indicator.Zh, f.Indicator.En),
            ["value"] = f.Value,
            ["description"] = FigureText.WithUnit(f.ValueText, f.Unit) + (f.QualifierText is { } q ? $" ({q})" : ""),
        };
        if (f.Unit is { } unit) value["unitText"] = unit;
        var quotation = new JsonObject
        {
            ["@context"] = Context,
            ["@type"] = "Quotation",
            ["@id"] = baseUrl + f.Url,
            ["url"] = baseUrl + f.Url,
            ["text"] = Zh(f.Citation.Quote),
            ["isPartOf"] = Source(f.Citation.CitedSource(), baseUrl),
            ["about"] = value,
            ["spatialCoverage"] = new JsonObject { ["@type"] = "AdministrativeArea", ["@id"] = baseUrl + f.Region.Url, ["name"] = Both(f.Region.Name.Zh, f.Region.Name.En) },
            ["citation"] = f.Citation.Cite.Zh,
        };
        if (f.Period is { } period) quotation["temporalCoverage"] = period;
        // A retracted figure still answers at its URL: say so, with when, by whom and why, so no reader takes it for a figure in force.
        if (f.Retraction is { } retraction)
        {
            quotation["creativeWorkStatus"] = "Retracted";
            quotation["correction"] = new JsonObject
            {
                ["@type"] = "CorrectionComment",
                ["text"] = retraction.Comment,
                ["datePublished"] = retraction.At,
                ["author"] = new JsonObject { ["@type"] = "Organization", ["name"] = retraction.By },
            };
        }
        return quotation;
    }
}
