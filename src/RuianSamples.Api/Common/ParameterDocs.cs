using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RuianSamples.Api.Common;

/// <summary>The query parameters an endpoint reads, for the OpenAPI document (handlers read them through QueryReader).</summary>
public sealed record QueryParameters(IReadOnlyList<string> Names);

/// <summary>One description and example per parameter name, shared by every endpoint that takes it.</summary>
public static class ParameterDocs
{
    public sealed record Doc(string Description, string Example, JsonSchemaType Type = JsonSchemaType.String, string[]? Enum = null, int? Minimum = null, int? Maximum = null, string? Pattern = null);

    /// <summary>year on the lists whose records may have no year: a year, or the year facet's 'unknown'.</summary>
    private static readonly Doc YearOrUnknown = new(
        $"Exactly this year ({Filters.MinYear}-{Filters.MaxYear}; start year for reforms, period for figures), or '{Filters.UnknownYear}': only the records without one "
        + "(the year facet's value for them). Not with yearFrom/yearTo.", "2022", Pattern: "^([0-9]{4}|" + Filters.UnknownYear + ")$");

    /// <summary>Where an operation's parameter means more than its name's shared doc says.</summary>
    private static readonly IReadOnlyDictionary<(string Operation, string Name), Doc> OperationDocs = new Dictionary<(string, string), Doc>
    {
        [("ListReforms", "year")] = YearOrUnknown,
        [("ListFigures", "year")] = YearOrUnknown,
        [("ListHonors", "year")] = YearOrUnknown,
        [("Export", "year")] = YearOrUnknown, // the figures export reads the figures list's filters
    };

    public static Doc For(string? operationId, string name) =>
        operationId is not null && OperationDocs.TryGetValue((operationId, name), out var doc) ? doc : All[name];

    public static readonly IReadOnlyDictionary<string, Doc> All = new Dictionary<string, Doc>
    {
        ["theme"] = new("Theme slug (see /api/v1/themes): a demonstration area or one of the three gaps.", "income-distribution"),
        ["region"] = new("Region slug or official code (see /api/v1/regions). A county includes its towns and villages.", "ruian"),
        ["parent"] = new("Only regions below this one (slug or code).", "ruian"),
        ["level"] = new("Region level.", "street"),
        ["year"] = new("Exactly this year (start year for reforms, period for figures). Not with yearFrom/yearTo.", "2022", JsonSchemaType.Integer, Minimum: Filters.MinYear, Maximum: Filters.MaxYear),
        ["yearFrom"] = new("From this year, inclusive.", "2020", JsonSchemaType.Integer, Minimum: Filters.MinYear, Maximum: Filters.MaxYear),
        ["yearTo"] = new("Up to this year, inclusive.", "2023", JsonSchemaType.Integer, Minimum: Filters.MinYear, Maximum: Filters.MaxYear),
        ["pilotLevel"] = new("Pilot level of the reform.", "national", Enum: Vocabulary.PilotLevels),
        ["sample"] = new("Practice sample number.", "2", JsonSchemaType.Integer, Minimum: 1, Maximum: 10),
        ["reform"] = new("Reform slug.", "prehospital-emergency-reform"),
        ["source"] = new("Source document id (see /api/v1/sources).", "wenzhou-ten-samples"),
        ["kind"] = new("Figure kind: count, amount, share, ratio, rank, duration, growth, area, length or other.", "amount"),
        ["subjectType"] = new("What the figure is about.", "sample", Enum: Vocabulary.SubjectTypes),
        ["ranked"] = new("true: only honors with a rank; false: only those without.", "true", Enum: ["true", "false"]),
        ["sort"] = new("Sort key from the endpoint's allow-list; a leading '-' sorts descending.", "-startYear"),
        ["facets"] = new("true adds counts by theme, region and year (kind for figures) under the current filter.", "true", Enum: ["true", "false"]),
        ["view"] = new("full (default): each item is the whole record, as GET of its url answers. summary: each item's identity, title, theme or region and url only, for clients that page; the full record is one GET of url away.",
            "summary", Enum: ListViews.All),
        ["limit"] = new($"Page size, {QueryReader.DefaultLimit} by default, at most {QueryReader.MaxLimit}.", "20", JsonSchemaType.Integer, Minimum: 1, Maximum: QueryReader.MaxLimit),
        ["cursor"] = new("Opaque cursor: the `next` value (or Link rel=next) of the previous page. Keep the other parameters unchanged while paging.", "WyIxMCIsIjEwIiwiYWJjIl0"),
        ["pretty"] = new("Present: indent the JSON for reading in a browser.", "true"),
        ["offset"] = new("Start of the passage in the normalised text (UTF-16 code units), as in a citation's passageUrl.", "873", JsonSchemaType.Integer, Minimum: 0),
        ["length"] = new("Length of the passage.", "33", JsonSchemaType.Integer, Minimum: 0),
        ["context"] = new("Characters of context before and after the passage (default 120, at most 2000).", "120", JsonSchemaType.Integer, Minimum: 0, Maximum: 2000),
        ["q"] = new("What to search for, in Chinese or English (1-200 characters). Words are ANDed; \"quoted words\" match as a phrase.", "医保"),
        ["type"] = new("Record types to search, comma-separated.", "sample,reform"),
        ["literal"] = new("true: search every word of q as text; false (default): a place, a year or 样本N in q is read as a filter (listed in applied).", "false", Enum: ["true", "false"]),
        ["group"] = new("true (default): records first, each with its best matching evidence beneath; false: every matching record in one flat list.", "true", Enum: ["true", "false"]),
        ["numberOrSlug"] = new("Sample number (1-10) or slug.", "2"),
        ["slug"] = new("The record's slug.", "prehospital-emergency-reform"),
        ["slugOrCode"] = new("Region slug or official administrative code.", "330381"),
        ["id"] = new("The record's id.", "f001-018"),
        ["file"] = new("catalog.json, datapackage.json, datapackage.zip, or {resource}.csv / {resource}.ndjson for samples, reforms, figures, regions, themes, milestones, honors, sources.", "figures.csv"),
        ["include"] = new("'retracted' to include retracted figures (left out by default).", "retracted", Enum: ["retracted"]),
        ["after"] = new("Change-feed position (or audit id) to continue after: the lastPosition of the previous page; 0 or absent starts at the beginning.", "0", JsonSchemaType.Integer, Minimum: 0),
        ["bom"] = new("CSV only: false leaves out the UTF-8 byte-order mark (Excel needs it to show Chinese; data tools read it as part of the first header). The data package's paths use false.", "false", Enum: ["true", "false"]),
        ["format"] = new("The citation format; without it, Accept chooses (CSL-JSON by default).", "bibtex", Enum: Citations.CitationFormats.Names),
        ["version"] = new("A dataset version (1, 2, 3 …; GET /api/v1/versions lists them): the record as it was at that version. Absent: the current record.", "1", JsonSchemaType.Integer, Minimum: 1),
        ["type_problem"] = new("Problem type.", "not-found"),
    };

    /// <summary>
    /// Each operation's own example request, as Swagger UI's Try it out sends it: values that go together
    /// and answer 2xx with records (OpenApiResponseValidationTests sends every one). Parameters not listed
    /// get no example; an operation not listed falls back to the per-name examples above.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> OperationExamples = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        ["ListSamples"] = new Dictionary<string, string> { ["theme"] = "income-distribution", ["region"] = "ruian", ["view"] = "summary", ["limit"] = "5" },
        ["GetSample"] = new Dictionary<string, string> { ["numberOrSlug"] = "2", ["version"] = "1" },
        ["ListReforms"] = new Dictionary<string, string> { ["theme"] = "income-distribution", ["region"] = "ruian", ["sort"] = "-startYear", ["facets"] = "true", ["view"] = "summary", ["limit"] = "10" },
        ["GetReform"] = new Dictionary<string, string> { ["slug"] = "prehospital-emergency-reform", ["version"] = "1" },
        ["ListRegions"] = new Dictionary<string, string> { ["parent"] = "ruian", ["level"] = "street", ["sort"] = "slug", ["limit"] = "10" },
        ["GetRegion"] = new Dictionary<string, string> { ["slugOrCode"] = "330381" },
        ["GetTheme"] = new Dictionary<string, string> { ["slug"] = "income-distribution" },
        ["ListFigures"] = new Dictionary<string, string> { ["region"] = "ruian", ["kind"] = "amount", ["yearFrom"] = "2021", ["yearTo"] = "2023", ["sort"] = "-baseValue", ["facets"] = "true", ["limit"] = "10" },
        ["GetFigure"] = new Dictionary<string, string> { ["id"] = "f001-018", ["version"] = "1" },
        ["ListMilestones"] = new Dictionary<string, string> { ["region"] = "ruian", ["yearFrom"] = "1980", ["yearTo"] = "2010", ["sort"] = "date" },
        ["GetMilestone"] = new Dictionary<string, string> { ["slug"] = "ruian-first-three-capital-enterprise-1987" },
        ["ListHonors"] = new Dictionary<string, string> { ["region"] = "ruian", ["ranked"] = "true", ["sort"] = "rank" },
        ["GetHonor"] = new Dictionary<string, string> { ["slug"] = "ruian-china-top100-county-2022" },
        ["GetSource"] = new Dictionary<string, string> { ["id"] = "wenzhou-ten-samples", ["version"] = "1" },
        ["ListVersions"] = new Dictionary<string, string> { ["limit"] = "20" },
        ["GetSourceHistory"] = new Dictionary<string, string> { ["id"] = "wenzhou-ten-samples" },
        ["GetFigureHistory"] = new Dictionary<string, string> { ["id"] = "f001-018" },
        ["GetReformHistory"] = new Dictionary<string, string> { ["slug"] = "prehospital-emergency-reform" },
        ["CorrectReform"] = new Dictionary<string, string> { ["slug"] = "prehospital-emergency-reform" },
        ["GetSourceText"] = new Dictionary<string, string> { ["id"] = "wenzhou-ten-samples", ["offset"] = "873", ["length"] = "33", ["context"] = "120" },
        ["Search"] = new Dictionary<string, string> { ["q"] = "医保", ["type"] = "reform,figure", ["limit"] = "10" },
        ["Export"] = new Dictionary<string, string> { ["file"] = "figures.csv", ["region"] = "ruian", ["year"] = "2022", ["bom"] = "false" },
        ["SearchSuggest"] = new Dictionary<string, string> { ["q"] = "医保", ["limit"] = "5" },
        ["GetFigureCitation"] = new Dictionary<string, string> { ["id"] = "f001-018", ["format"] = "bibtex", ["version"] = "1" },
        ["GetSampleCitation"] = new Dictionary<string, string> { ["numberOrSlug"] = "2", ["format"] = "ris" },
        ["GetReformCitation"] = new Dictionary<string, string> { ["slug"] = "prehospital-emergency-reform", ["format"] = "csl" },
        ["GetSourceCitation"] = new Dictionary<string, string> { ["id"] = "zjdaily-ruian-reform", ["format"] = "gbt7714" },
    };

    /// <summary>Each listing's sort allow-list, documented as the parameter's enum.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyCollection<string>> OperationSorts = new Dictionary<string, IReadOnlyCollection<string>>
    {
        ["ListReforms"] = [.. Reforms.ReformQueries.Sorts.Keys],
        ["ListFigures"] = [.. Figures.FigureQueries.Sorts.Keys],
        ["ListRegions"] = [.. Regions.RegionQueries.Sorts.Keys],
        ["ListMilestones"] = [.. Milestones.MilestoneQueries.Sorts.Keys],
        ["ListHonors"] = [.. Honors.HonorQueries.Sorts.Keys],
    };

    /// <summary>The example this operation shows for a parameter, or null. A cursor is never made up: it comes from a page's `next`.</summary>
    public static string? ExampleFor(string? operationId, string name, IReadOnlyCollection<string> operationParameters)
    {
        if (operationId is not null && OperationExamples.TryGetValue(operationId, out var examples)) return examples.GetValueOrDefault(name);
        if (name is "cursor" or "pretty" || !All.TryGetValue(name, out var doc)) return null;
        if (name == "year" && operationParameters.Contains("yearFrom")) return null; // year excludes yearFrom/yearTo
        return doc.Example;
    }

    public static RouteHandlerBuilder WithQuery(this RouteHandlerBuilder builder, params string[] names) =>
        builder.WithMetadata(new QueryParameters(names));
}

/// <summary>Adds the documented query parameters, and descriptions and examples for path parameters.</summary>
public sealed class ParameterDocsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Parameters ??= [];
        var operationId = operation.OperationId;
        var names = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<QueryParameters>().FirstOrDefault()?.Names ?? [];
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
            if (parameter.Name is not null && ParameterDocs.All.ContainsKey(parameter.Name))
            {
                var doc = ParameterDocs.For(operationId, parameter.Name);
                parameter.Description = doc.Description;
                parameter.Example = ParameterDocs.ExampleFor(operationId, parameter.Name, names) is { } example ? JsonValue.Create(example) : null;
            }
        foreach (var name in names.Append("pretty"))
        {
            var doc = ParameterDocs.For(operationId, name);
            var schema = new OpenApiSchema { Type = doc.Type, Pattern = doc.Pattern, Minimum = doc.Minimum?.ToString(System.Globalization.CultureInfo.InvariantCulture), Maximum = doc.Maximum?.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            var allowed = name == "sort" && operationId is not null && ParameterDocs.OperationSorts.TryGetValue(operationId, out var sorts) ? sorts : doc.Enum;
            if (allowed is not null) schema.Enum = allowed.Select(e => (JsonNode)JsonValue.Create(e)!).ToList();
            var example = ParameterDocs.ExampleFor(operationId, name, names);
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = name,
                In = ParameterLocation.Query,
                Description = doc.Description,
                Required = name == "q",
                Schema = schema,
                Example = example is null ? null
                    : doc.Type == JsonSchemaType.Integer ? JsonValue.Create(int.Parse(example, System.Globalization.CultureInfo.InvariantCulture)) : JsonValue.Create(example),
            });
        }
    }
}

public static class ResponseDocs
{
    /// <summary>A list endpoint: 200, 304 on a matching ETag, 400 problem for any bad parameter.</summary>
    public static RouteHandlerBuilder ListResponses(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status400BadRequest);

    /// <summary>A partner write: its success status, and every refusal (a conditional write adds 412 and 428).</summary>
    public static RouteHandlerBuilder WriteResponses<T>(this RouteHandlerBuilder builder, int status, bool conditional = false)
    {
        builder.Produces<T>(status);
        foreach (var refusal in new[] { 400, 401, 403, 404, 409, 413, 415, 422, 429 }.Concat(conditional ? [412, 428] : []))
            builder.ProducesProblem(refusal);
        return builder;
    }

    /// <summary>An item endpoint: 200, 304 on a matching ETag, 400 problem for an unknown query parameter, 404 problem for an unknown identifier.</summary>
    public static RouteHandlerBuilder ItemResponses(this RouteHandlerBuilder builder) =>
        builder.Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
}
