using RuianSamples.Api.Site;

namespace RuianSamples.Api.Reforms;

public static class ReformPages
{
    public static RouteGroupBuilder MapReformPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/reforms/{slug}", async (string slug, HttpContext http, ReformQueries queries, ReformReader reader) =>
            SiteEndpoints.Render<ReformPage, ReformDto>(http, await ReformEndpoints.Get(slug, queries, reader)));
        return pages;
    }
}
