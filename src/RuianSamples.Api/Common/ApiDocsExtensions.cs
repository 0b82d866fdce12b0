using Microsoft.OpenApi;

namespace RuianSamples.Api.Common;

public static class ApiDocsExtensions
{
    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddEndpointsApiExplorer();
        builder.Services.AddSwaggerGen(o =>
        {
            // A revision's changes: field name → { before, after } with any JSON value (not the JsonNode class's own members).
            o.MapType<System.Text.Json.Nodes.JsonObject>(() => new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Field name → its value before and after the revision (null when absent).",
                AdditionalProperties = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema> { ["before"] = new OpenApiSchema(), ["after"] = new OpenApiSchema() },
                },
            });
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "RuianSamples API",
                Version = "v1",
                Description = "Wenzhou's ten common-prosperity practice samples (温州共同富裕十大实践样本) and Rui'an's reforms, "
                    + "as a citable catalog: every figure carries its source and a verbatim quote. English texts are RuianSamples translations.",
                License = new OpenApiLicense { Name = "MIT (code); the data quotes the cited sources", Identifier = "MIT" },
            });
            o.AddServer(new OpenApiServer { Url = "/", Description = "This server" });
            // The document says what the serializer does: C# nullability decides `nullable`, and every
            // property is written (null or not), so every property is `required`.
            o.SupportNonNullableReferenceTypes();
            o.UseAllOfToExtendReferenceSchemas();
            o.SchemaFilter<EveryPropertyRequiredFilter>();
            o.DocumentFilter<CatalogDocumentFilter>();
            o.OperationFilter<ParameterDocsFilter>();
            o.OperationFilter<SummaryViewDocsFilter>();
            o.OperationFilter<Export.ExportDocsFilter>();
            o.OperationFilter<RateLimitDocsFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "RuianSamples.Api.xml");
            if (File.Exists(xml)) o.IncludeXmlComments(xml);
        });
        return builder;
    }

    /// <summary>Tag descriptions, and the statement that operations are public unless they say otherwise (partner writes need a key).</summary>
    private sealed class CatalogDocumentFilter : Swashbuckle.AspNetCore.SwaggerGen.IDocumentFilter
    {
        private static readonly Dictionary<string, string> Tags = new()
        {
            ["Catalog"] = "The API's index.",
            ["Samples"] = "Wenzhou's ten common-prosperity practice samples.",
            ["Reforms"] = "Rui'an's (and Wenzhou's) reforms and initiatives.",
            ["Regions"] = "Province, city, counties and districts, towns, streets and villages.",
            ["Themes"] = "The seven demonstration areas and the three gaps.",
            ["Figures"] = "Every figure, with its verbatim quote and citation.",
            ["Milestones"] = "Dated events.",
            ["Honors"] = "Honors, titles and rankings.",
            ["Sources"] = "The five source documents and their texts.",
            ["Search"] = "Full-text search in Chinese and English.",
            ["Export"] = "Downloads for journalists: JSON, NDJSON, CSV.",
            ["Health"] = "Liveness and readiness probes.",
            ["Changes"] = "The change feed (every revision, in commit order) and the audit log of partner writes.",
        };

        public void Apply(OpenApiDocument document, Swashbuckle.AspNetCore.SwaggerGen.DocumentFilterContext context)
        {
            // OpenAPI 3.0 reads `nullable` only beside `type`: a nullable reference ({allOf: [$ref], nullable}) says it is an object.
            foreach (var schema in document.Components?.Schemas?.Values.OfType<OpenApiSchema>() ?? [])
                foreach (var property in schema.Properties?.Values.OfType<OpenApiSchema>() ?? [])
                    if (property.AllOf is [OpenApiSchemaReference { Reference.Id: { } id }] && property.Type is { } type && type.HasFlag(JsonSchemaType.Null)
                        && document.Components!.Schemas!.TryGetValue(id, out var target) && target.Type is { } targetType)
                        property.Type = type | targetType;
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            document.Security = [new OpenApiSecurityRequirement()];
        }
    }

    /// <summary>System.Text.Json writes every public property of our DTOs, nulls included, so each one is required.</summary>
    private sealed class EveryPropertyRequiredFilter : Swashbuckle.AspNetCore.SwaggerGen.ISchemaFilter
    {
        public void Apply(IOpenApiSchema schema, Swashbuckle.AspNetCore.SwaggerGen.SchemaFilterContext context)
        {
            if (schema is OpenApiSchema concrete && concrete.Properties is { Count: > 0 } properties && context.MemberInfo is null)
                concrete.Required = new SortedSet<string>(properties.Keys, StringComparer.Ordinal);
        }
    }

    /// <summary>The per-address rate limit applies to every operation: each may answer 429 with Retry-After.</summary>
    private sealed class RateLimitDocsFilter : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
    {
        public void Apply(OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
        {
            if (context.ApiDescription.RelativePath?.StartsWith("health", StringComparison.Ordinal) == true) return; // probes are exempt
            var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
            operation.Responses ??= [];
            operation.Responses["429"] = new OpenApiResponse
            {
                Description = "Too many requests from this client address; retry after the given number of seconds.",
                Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Required = true, Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
                },
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        }
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        // An endpoint, not Swashbuckle's middleware: the middleware takes its document generator from the container on
        // every request, whatever the path, so the first request of any kind loaded the XML comments (System.Private.Xml,
        // a 400 KB document parsed) and every request built a generator. Mapped, the document is made only when asked for.
        app.MapSwagger("openapi/{documentName}.json");
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "swagger";
            o.SwaggerEndpoint("/openapi/v1.json", "RuianSamples v1");
        });
        return app;
    }
}
