using RuianSamples.Api.Site;

namespace RuianSamples.Api.Samples;

public static class SamplePages
{
    public static RouteGroupBuilder MapSamplePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/samples/{numberOrSlug}", async (string numberOrSlug, HttpContext http, SampleQueries queries, SampleReader reader) =>
            SiteEndpoints.Render<SamplePage, SampleDto>(http, await SampleEndpoints.Get(numberOrSlug, queries, reader)));
        return pages;
    }
}
