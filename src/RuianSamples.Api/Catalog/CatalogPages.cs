using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Catalog;

/// <summary>
/// The home page: the API index, the ten samples (each with its headline figure only) and the themes, as the REST handlers select them,
/// and the schema.org Dataset (as /api/v1 serves it as JSON-LD), escaped for a script element.
/// </summary>
public sealed record Home(ApiIndex Index, IReadOnlyList<SampleDto> Samples, IReadOnlyList<ThemeDto> Themes, IReadOnlyList<Partners.RevisionDto> LatestChanges, string DatasetJsonLd);

public static class CatalogPages
{
    public static RouteGroupBuilder MapHomePage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/", async (HttpContext http, CatalogQueries catalog, SampleQueries samples, RegionQueries regions, SampleReader reader,
            Common.Vocabulary vocabulary, ThemeQueries themes, Partners.PartnerQueries partners) =>
        {
            var index = SiteEndpoints.ValueOf(await CatalogEndpoints.Index(SiteEndpoints.ApiRequest(http, "/api/v1", []), catalog), out _)!;
            var cards = await SampleEndpoints.CardsAsync(SiteEndpoints.ApiRequest(http, "/api/v1/samples", [new("limit", "10")]), samples, regions, reader, vocabulary);
            var themeList = SiteEndpoints.ValueOf(await ThemeEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/themes", []), themes), out _)!;
            // The newest partner revisions, as /api/v1/changes has them (the same rows, newest first).
            var latest = Partners.RevisionDto.List(await partners.LatestAsync(5));
            var dataset = LinkedData.SchemaOrg.ForScriptElement(await LinkedData.SchemaOrg.DatasetFor(http));
            return SiteEndpoints.Render<HomePage>(http, new Home(index, cards, themeList.Items, latest, dataset));
        }).WithMetadata(Common.ResponseVaries.ByAcceptAndHost); // the Dataset's URLs are absolute (the host, unless Citation:BaseUrl is set)
        return pages;
    }
}
