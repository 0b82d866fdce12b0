using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.LinkedData;

namespace RuianSamples.Api.Catalog;

public sealed record ResourceEntry(string Name, string Url, int? Count, string Description);

/// <summary>The API's front door: every resource, the dataset's version and when it was last imported.</summary>
public sealed record ApiIndex(string Name, string DatasetVersion, string LastUpdated, string Translations, IReadOnlyList<ResourceEntry> Resources,
    IReadOnlyList<ResourceEntry> Exports, string OpenApi, string Docs, string GraphQL);

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogIndex(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1", Index).WithTags("Catalog").WithName("ApiIndex").WithQuery().ListResponses().WithJsonLd()
            .WithSummary("The API's index: resources, exports, dataset version and last update")
            .WithDescription("Start here: every resource with its record count, the export files, and where the OpenAPI document, Swagger UI and GraphQL endpoint are. "
                + "With Accept: application/ld+json, the catalog as a schema.org Dataset (names and descriptions in zh and en, creator, temporal and spatial coverage, version, licence, a DataDownload per export).");
        return app;
    }

    public static async Task<Results<Ok<ApiIndex>, ProblemHttpResult>> Index(HttpContext http, CatalogQueries queries)
    {
        try
        {
            _ = new QueryReader(http.Request);
            var m = await queries.MetaAsync();
            ResourceEntry R(string name, long? count, string description) => new(name, $"/api/v1/{name}", (int?)count, description);
            return TypedResults.Ok(new ApiIndex(
                "RuianSamples: Wenzhou's ten common-prosperity practice samples and Rui'an's reforms", m.Version, m.LastUpdated,
                "Every `en` text is a RuianSamples translation (enIsTranslation: true); `zh` is the source's wording.",
                [
                    R("samples", m.Samples, "the ten practice samples, full records"),
                    R("reforms", m.Reforms, "reforms and initiatives, with firsts, themes, samples and figures"),
                    R("regions", m.Regions, "the region hierarchy; a county's filter includes its towns"),
                    R("themes", m.Themes, "demonstration areas and the three gaps"),
                    R("figures", m.Figures, "every figure, with its verbatim quote and citation"),
                    R("milestones", m.Milestones, "dated events"),
                    R("honors", m.Honors, "honors, titles and rankings"),
                    R("sources", m.Sources, "the five source documents and their texts"),
                    R("search", null, "full-text search in Chinese and English (q=…)"),
                ],
                [.. ExportFormats.All.Select(e => new ResourceEntry(e, $"/api/v1/export/{e}", null, "download"))],
                "/openapi/v1.json", "/swagger", "/graphql"));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}

/// <summary>The export files a journalist can download (see Export/).</summary>
public static class ExportFormats
{
    public static readonly string[] Resources = ["samples", "reforms", "figures", "regions", "themes", "milestones", "honors", "sources"];
    public static IEnumerable<string> All => new[] { "catalog.json", "datapackage.json", "datapackage.zip" }.Concat(Resources.SelectMany(r => new[] { $"{r}.csv", $"{r}.ndjson" }));
}
