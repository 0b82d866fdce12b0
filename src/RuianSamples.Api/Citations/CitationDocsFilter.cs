using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using RuianSamples.Api.Common;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace RuianSamples.Api.Citations;

/// <summary>
/// Documents a citation operation's 200 answer per format: each media type with an example written
/// by the citation builder itself (for a fixed record, base URL, version and date, so the committed
/// OpenAPI document does not change from day to day).
/// </summary>
public sealed class CitationDocsFilter : IOperationFilter
{
    // The manifest of seeds/sources/zjdaily-ruian-reform.json and figure f000-001's indicator and quote.
    private static readonly CitedRecord Example = new("figure", "f000-001", new Label("滨海菜篮子基地种植农户数", "farm households growing on the Binhai vegetable-basket base"),
        "4200余农户在此夏种西瓜、冬种花椰菜，共同耕耘着10万亩连片菜篮子基地",
        new CitedSource("zjdaily-ruian-reform", "激发瑞安城市创新活力", "Unleashing Rui'an's innovative vitality as a city", "浙江日报", "Zhejiang Daily",
            "浙江日报记者 应忠彭 本报记者 严小章", "2024", true, null));

    private static readonly CitationAccess ExampleAccess = new("https://catalog.example", "87cb43926926016d", new DateOnly(2026, 12, 3));

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CitationOperation>().Any()) return;
        var content = new Dictionary<string, OpenApiMediaType>();
        foreach (var format in CitationFormats.All.Where(f => f.MediaType != "text/plain"))
            content[format.MediaType] = Text(format, Example);
        content["application/json"] = Text(CitationFormats.Csl, Example);
        // text/plain has two styles (format=gbt7714 or format=apa); both are shown.
        content["text/plain"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            Examples = new Dictionary<string, IOpenApiExample>
            {
                ["gbt7714"] = new OpenApiExample { Summary = CitationFormats.GbT7714.Description, Value = JsonValue.Create(CitationFormats.Render(CitationFormats.GbT7714, Example, ExampleAccess)) },
                ["apa"] = new OpenApiExample { Summary = CitationFormats.Apa.Description, Value = JsonValue.Create(CitationFormats.Render(CitationFormats.Apa, Example, ExampleAccess)) },
            },
        };
        operation.Responses ??= [];
        operation.Responses["200"] = new OpenApiResponse
        {
            Description = "The citation, in the format asked for (format= or Accept): " + string.Join("; ", CitationFormats.All.Select(f => $"{f.Name}: {f.MediaType}, {f.Description}")) + ".",
            Content = content,
        };
    }

    /// <summary>CSL-JSON is JSON (an array of one item), documented as such so a client's types and a validator agree with the bytes; the others are text.</summary>
    private static OpenApiMediaType Text(CitationFormat format, CitedRecord record) => format == CitationFormats.Csl
        ? new()
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Object }, Description = format.Description },
            Example = JsonNode.Parse(CitationFormats.Render(format, record, ExampleAccess)),
        }
        : new()
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = format.Description },
            Example = JsonValue.Create(CitationFormats.Render(format, record, ExampleAccess)),
        };
}
