using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using RuianSamples.Api.Catalog;
using RuianSamples.Api.Citations;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Export;

public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/export").WithTags("Export");
        group.MapGet("/{file}", Download).WithName("Export").WithQuery([.. FigureEndpoints.FilterParameters, "bom"]).ListResponses()
            .Produces<string>(StatusCodes.Status200OK, "application/json", "text/csv", "application/x-ndjson", "application/zip").ProducesProblem(StatusCodes.Status404NotFound).WithMetadata(new StreamedResponseAttribute())
            .WithMetadata(new ExportDocs())
            .WithSummary("Download the catalog: catalog.json (everything, nested), {resource}.csv / {resource}.ndjson, or the data package (datapackage.json, datapackage.zip)")
            .WithDescription("Resources: samples, reforms, figures, regions, themes, milestones, honors, sources. CSV is RFC 4180, UTF-8 with a BOM (Excel shows Chinese correctly), "
                + "one row per record, columns in a fixed order. NDJSON has one REST record per line. Streamed in batches, never built in memory. ETag = dataset version, the selection and the build; Last-Modified = when that version was made (or the build, if later; none while the version is under two seconds old), and If-Modified-Since is answered with 304 when If-None-Match is absent. "
                + "figures.csv and figures.ndjson take the filters of GET /api/v1/figures (theme, region, year, yearFrom, yearTo, kind, sample, reform, source, subjectType) and then hold that selection; other files take none. "
                + "bom=false leaves the UTF-8 byte-order mark out of a CSV. datapackage.json is a Frictionless Data Package (v1) describing every CSV "
                + "(field types and descriptions, primary and foreign keys, missing values, sources, licence terms, version); "
                + "datapackage.zip holds it, a README of the reuse terms and every CSV, all of one dataset version.");
        return app;
    }

    public static async Task<Results<PushStreamHttpResult, ProblemHttpResult, StatusCodeHttpResult>> Download(
        string file, HttpContext http, CatalogDb db, CatalogQueries catalog, SourceQueries sources, CitationAccessFactory urls, IOptions<JsonOptions> jsonOptions)
    {
        var dot = file.LastIndexOf('.');
        var (name, format) = dot < 0 ? (file, "") : (file[..dot], file[(dot + 1)..]);
        var resource = ExportCatalog.Resources.FirstOrDefault(r => r.Name == name);
        object? filter = null;
        bool bom;
        try
        {
            // Only a resource's CSV and NDJSON take its filters; catalog.json is everything. A CSV may leave out its byte-order mark.
            var q = new QueryReader(http.Request, [.. file == "catalog.json" ? [] : resource?.FilterParameters ?? [], .. format == "csv" ? ["bom"] : Array.Empty<string>()]);
            bom = q.OneOf("bom", ["true", "false"]) != "false";
            if (resource?.ReadFilterAsync is { } read && file != "catalog.json") filter = await read(q, http.RequestServices);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
        if (!(file is "catalog.json" or "datapackage.json" or "datapackage.zip" || (resource is not null && format is "csv" or "ndjson")))
            return ApiProblems.Problem("not-found", $"There is no export '{file}'. Exports: {string.Join(", ", ExportFormats.All)}.");

        // The version this request's snapshot reads (the export streams from the same snapshot), per content coding;
        // a selection is its own representation, so the query is part of its ETag.
        var contentType = format switch
        {
            "json" => "application/json; charset=utf-8",
            "zip" => "application/zip",
            "csv" => "text/csv; charset=utf-8; header=present",
            _ => "application/x-ndjson; charset=utf-8",
        };
        http.Response.ContentType = contentType;
        var selection = (filter is null ? "" : "-" + Hash(http.Request.QueryString.Value ?? ""))
            + (bom ? "" : "-nobom")
            // Served alone, the descriptor's paths are absolute URLs on the request's base URL: another host, another body.
            + (file == "datapackage.json" ? "-" + Hash(urls.BaseUrl(http)) : "");
        // The body depends on the build too (columns, their order, the lines' wording): a deploy that adds a column must not
        // answer 304 to a copy cached without it, so the ETag carries the build's fingerprint beside the dataset version.
        var etag = ETags.ForResponse(http, $"{db.Version}-{file}{selection}-{Build}");
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "public, max-age=60";
        // Tools that download a file by its date (wget -N, curl -z, a spreadsheet's scheduled refresh) revalidate with
        // If-Modified-Since: the file last changed when the dataset version it reads was made, or when this build was, if
        // later. If-None-Match, the exact validator, wins when both are sent (RFC 9110 §13.2.2).
        // HTTP dates are whole seconds, and a second version made in the same second would carry the same date: a version
        // younger than two seconds is served without one (its ETag still validates), so no client holds a date that stands
        // for two versions.
        var lastModified = LastModified((await catalog.MetaAsync()).LastUpdated);
        var dated = DateTimeOffset.UtcNow - lastModified >= TimeSpan.FromSeconds(2);
        if (dated) http.Response.GetTypedHeaders().LastModified = lastModified;
        if (ETags.NoneMatch(http.Request, etag)
            || (dated && http.Request.Headers.IfNoneMatch.Count == 0 && http.Request.GetTypedHeaders().IfModifiedSince is { } since && lastModified <= since))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);

        var json = jsonOptions.Value.SerializerOptions;
        var services = http.RequestServices;
        if (name == "datapackage")
        {
            var meta = await catalog.MetaAsync();
            var sourceRows = await sources.ListAsync();
            if (format == "json")
            {
                // Served alone, the descriptor points at the API's CSV exports (without the byte-order mark, which data tools read as part of the first header).
                var exportBase = urls.BaseUrl(http) + "/api/v1/export/";
                var served = DataPackage.Serialize(DataPackage.Descriptor(meta.Version, meta.LastUpdated, sourceRows, table => $"{exportBase}{table}.csv?bom=false"));
                return TypedResults.Stream(body => body.WriteAsync(served).AsTask(), contentType);
            }
            var zipped = DataPackage.Serialize(DataPackage.Descriptor(meta.Version, meta.LastUpdated, sourceRows, table => $"{table}.csv"));
            return TypedResults.Stream(body => DataPackage.WriteZip(body, zipped, meta.Version, (entry, r) => WriteCsv(entry, r, services, null, bom: false)), contentType,
                $"ruiansamples-{meta.Version}.zip");
        }
        return file == "catalog.json"
            ? TypedResults.Stream(body => WriteCatalog(body, services, catalog, json), contentType, file)
            : format == "csv"
                ? TypedResults.Stream(body => WriteCsv(body, resource!, services, filter, bom), contentType, file)
                : TypedResults.Stream(body => WriteNdjson(body, resource!, services, json, filter), contentType, file);
    }

    /// <summary>This build's fingerprint (its module version id: the same for the same build on every instance).</summary>
    // The time of this build: its assembly's file, as published (the process's start if it has none).
    private static readonly DateTimeOffset BuiltAt = typeof(ExportEndpoints).Assembly.Location is { Length: > 0 } location
        ? new DateTimeOffset(File.GetLastWriteTimeUtc(location), TimeSpan.Zero)
        : new DateTimeOffset(System.Diagnostics.Process.GetCurrentProcess().StartTime.ToUniversalTime(), TimeSpan.Zero);

    /// <summary>An export's Last-Modified: the later of the dataset version's time and the build's, in whole seconds as HTTP dates carry it.</summary>
    internal static DateTimeOffset LastModified(string datasetUpdated)
    {
        var updated = DateTimeOffset.TryParse(datasetUpdated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : BuiltAt;
        var latest = updated > BuiltAt ? updated : BuiltAt;
        return new DateTimeOffset(latest.UtcTicks - latest.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    internal static readonly string Build = Convert.ToHexStringLower(typeof(ExportEndpoints).Assembly.ManifestModule.ModuleVersionId.ToByteArray()[..4]);

    private static string Hash(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text))[..6]);

    private static async Task WriteCsv(Stream body, ExportResource resource, IServiceProvider services, object? filter, bool bom)
    {
        if (bom) await body.WriteAsync(Encoding.UTF8.Preamble.ToArray()); // the BOM: Excel reads UTF-8 only with it
        await using var text = new StreamWriter(body, new UTF8Encoding(false), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await using var csv = new CsvWriter(text, CultureInfo.InvariantCulture, leaveOpen: true);
        foreach (var header in resource.Headers) csv.WriteField(header);
        await csv.NextRecordAsync();
        var count = 0;
        await foreach (var record in resource.RecordsAsync(services, filter))
        {
            foreach (var value in resource.Row(record)) csv.WriteField(Format(value));
            await csv.NextRecordAsync();
            if (++count % ExportResource.Batch == 0) await text.FlushAsync();
        }
        await csv.FlushAsync();
    }

    private static string Format(object? value) => value switch
    {
        null => "",
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => SpreadsheetText.Protect(value.ToString() ?? ""),
    };

    private static readonly ReadOnlyMemory<byte> Newline = "\n"u8.ToArray();

    private static async Task WriteNdjson(Stream body, ExportResource resource, IServiceProvider services, JsonSerializerOptions json, object? filter)
    {
        var count = 0;
        await foreach (var record in resource.RecordsAsync(services, filter))
        {
            await JsonSerializer.SerializeAsync(body, record, record.GetType(), json);
            await body.WriteAsync(Newline);
            if (++count % ExportResource.Batch == 0) await body.FlushAsync();
        }
    }

    private static async Task WriteCatalog(Stream body, IServiceProvider services, CatalogQueries catalog, JsonSerializerOptions json)
    {
        var meta = await catalog.MetaAsync();
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = json.Encoder });
        writer.WriteStartObject();
        writer.WriteString("datasetVersion", meta.Version);
        writer.WriteString("lastUpdated", meta.LastUpdated);
        writer.WriteString("translations", "Every `en` text is a RuianSamples translation (enIsTranslation: true); `zh` is the source's wording.");
        foreach (var resource in ExportCatalog.Resources.OrderBy(r => r.Name == "sources" ? 0 : 1))
        {
            writer.WritePropertyName(resource.Name);
            writer.WriteStartArray();
            var count = 0;
            await foreach (var record in resource.RecordsAsync(services))
            {
                // Serialize(writer, …) would flush synchronously; raw bytes keep every write async.
                writer.WriteRawValue(JsonSerializer.SerializeToUtf8Bytes(record, record.GetType(), json), skipInputValidation: true);
                if (++count % ExportResource.Batch == 0) await writer.FlushAsync();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        await writer.FlushAsync();
    }
}

/// <summary>Marks the export operation, whose 200 body depends on the file: catalog.json's object, or CSV/NDJSON text.</summary>
public sealed class ExportDocs;

/// <summary>Documents catalog.json as the object it is: every resource's array of REST records (schemas generated from the same types).</summary>
public sealed class ExportDocsFilter : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
{
    public void Apply(Microsoft.OpenApi.OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<ExportDocs>().Any() || operation.Responses?["200"] is not Microsoft.OpenApi.OpenApiResponse ok) return;
        var text = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String };
        var catalog = new Microsoft.OpenApi.OpenApiSchema
        {
            Type = Microsoft.OpenApi.JsonSchemaType.Object,
            Description = "catalog.json: the dataset version, the import time, and every resource's records exactly as the REST API returns them.",
            Properties = new Dictionary<string, Microsoft.OpenApi.IOpenApiSchema>
            {
                ["datasetVersion"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                ["lastUpdated"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
                ["translations"] = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String },
            },
            AdditionalPropertiesAllowed = false,
        };
        foreach (var resource in ExportCatalog.Resources)
            catalog.Properties[resource.Name] = new Microsoft.OpenApi.OpenApiSchema
            {
                Type = Microsoft.OpenApi.JsonSchemaType.Array,
                Items = context.SchemaGenerator.GenerateSchema(resource.RecordType, context.SchemaRepository),
            };
        catalog.Required = new SortedSet<string>(catalog.Properties.Keys, StringComparer.Ordinal);
        // application/json is catalog.json or the data package's descriptor (datapackage.json).
        var descriptor = new Microsoft.OpenApi.OpenApiSchema
        {
            Type = Microsoft.OpenApi.JsonSchemaType.Object,
            Description = "datapackage.json: a Frictionless Data Package (v1, tabular-data-package profile) describing every CSV export.",
        };
        ok.Content = new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>
        {
            ["application/json"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { AnyOf = [catalog, descriptor] } },
            ["text/csv"] = new() { Schema = text },
            ["application/x-ndjson"] = new() { Schema = text },
            ["application/zip"] = new() { Schema = new Microsoft.OpenApi.OpenApiSchema { Type = Microsoft.OpenApi.JsonSchemaType.String, Format = "binary", Description = "datapackage.zip: datapackage.json, README.md and every CSV." } },
        };
    }
}
