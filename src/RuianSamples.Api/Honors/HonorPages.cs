using RuianSamples.Api.Site;

namespace RuianSamples.Api.Honors;

public static class HonorPages
{
    public static RouteGroupBuilder MapHonorPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/honors/{slug}", async (string slug, HttpContext http, HonorQueries queries, Search.SearchQueries subjects) =>
            await SiteEndpoints.RenderWithSubjectAsync<HonorPage, HonorDto>(http, await HonorEndpoints.Get(slug, queries), subjects, r => r.Subject));
        return pages;
    }
}
