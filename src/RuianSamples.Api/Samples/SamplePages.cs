using RuianSamples.Api.Site;

namespace RuianSamples.Api.Samples;

public static class SamplePages
{
    public static RouteGroupBuilder MapSamplePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/samples/{numberOrSlug}", async (string numberOrSlug, HttpContext http, SampleQueries queries, SampleReader reader, Versions.DatasetVersions versions) =>
            SiteEndpoints.Render<SamplePage, SampleDto>(http, await SampleEndpoints.Get(numberOrSlug, SiteEndpoints.ApiRequest(http, $"/api/v1/samples/{numberOrSlug}", []), queries, reader, versions)));
        return pages;
    }
}
