using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;
using RuianSamples.Api.Catalog;
using RuianSamples.Api.Citations;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.LinkedData;

/// <summary>
/// JSON-LD on request: on the routes marked <see cref="JsonLdExtensions.WithJsonLd"/>, an Accept that
/// prefers application/ld+json turns the record the handler returned into its schema.org form. One
/// filter for every route, so handlers stay as they are; errors pass through as problem details.
/// </summary>
public sealed class JsonLdFilter : IEndpointFilter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = ApiHttpExtensions.Encoder };

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await next(context);
        var http = context.HttpContext;
        if (!PrefersJsonLd(http.Request.Headers.Accept)) return result;
        var value = (result is INestedHttpResult nested ? nested.Result : result) is IValueHttpResult { Value: { } v } ? v : null;
        var baseUrl = http.RequestServices.GetRequiredService<CitationAccessFactory>().BaseUrl(http);
        var document = value switch
        {
            FigureDto f => SchemaOrg.Figure(f, baseUrl),
            SourceDto s => SchemaOrg.Source(s, baseUrl),
            RegionDto r => SchemaOrg.Region(r, baseUrl),
            ApiIndex => await SchemaOrg.DatasetFor(http),
            _ => null,
        };
        return document is null ? result : TypedResults.Text(document.ToJsonString(Indented) + "\n", SchemaOrg.MediaType + "; charset=utf-8");
    }

    /// <summary>True when application/ld+json is acceptable and no other type is preferred to it (a plain */* keeps JSON).</summary>
    public static bool PrefersJsonLd(IList<string>? accept)
    {
        if (accept is null || accept.Count == 0 || !MediaTypeHeaderValue.TryParseList(accept, out var types)) return false;
        var ld = types.Where(t => t.MediaType.Equals(SchemaOrg.MediaType, StringComparison.OrdinalIgnoreCase)).Select(t => t.Quality ?? 1).DefaultIfEmpty(0).Max();
        var json = types.Where(t => t.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)).Select(t => t.Quality ?? 1).DefaultIfEmpty(0).Max();
        return ld > 0 && ld >= json;
    }
}

/// <summary>Marks a route that serves JSON-LD on request, for its OpenAPI document.</summary>
public sealed class JsonLdOperation;

public static class JsonLdExtensions
{
    /// <summary>Serves the route's record as JSON-LD on request (Accept: application/ld+json); the response cache keeps the two apart.</summary>
    public static RouteHandlerBuilder WithJsonLd(this RouteHandlerBuilder route) => route
        .AddEndpointFilter<JsonLdFilter>()
        .WithMetadata(ResponseVaries.ByAcceptAndHost, new JsonLdOperation());
}

/// <summary>Adds application/ld+json beside the JSON of a JSON-LD route's 200 answer.</summary>
public sealed class JsonLdDocsFilter : Swashbuckle.AspNetCore.SwaggerGen.IOperationFilter
{
    public void Apply(Microsoft.OpenApi.OpenApiOperation operation, Swashbuckle.AspNetCore.SwaggerGen.OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<JsonLdOperation>().Any()) return;
        if (operation.Responses?.TryGetValue("200", out var ok) != true || ok is not Microsoft.OpenApi.OpenApiResponse response) return;
        response.Content ??= new Dictionary<string, Microsoft.OpenApi.OpenApiMediaType>();
        response.Content[SchemaOrg.MediaType] = new Microsoft.OpenApi.OpenApiMediaType
        {
            Schema = new Microsoft.OpenApi.OpenApiSchema
            {
                Type = Microsoft.OpenApi.JsonSchemaType.Object,
                Description = "With Accept: application/ld+json, the record as schema.org JSON-LD (see README, Citing and reusing).",
            },
        };
    }
}
