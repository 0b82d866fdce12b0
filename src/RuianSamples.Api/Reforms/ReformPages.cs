using RuianSamples.Api.Site;

namespace RuianSamples.Api.Reforms;

public static class ReformPages
{
    public static RouteGroupBuilder MapReformPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/reforms/{slug}", async (string slug, HttpContext http, ReformQueries queries, ReformReader reader, Versions.DatasetVersions versions) =>
            SiteEndpoints.Render<ReformPage, ReformDto>(http, await ReformEndpoints.Get(slug, SiteEndpoints.ApiRequest(http, $"/api/v1/reforms/{slug}", []), queries, reader, versions)));
        return pages;
    }
}
