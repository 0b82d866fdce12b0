using RuianSamples.Api.Site;

namespace RuianSamples.Api.Milestones;

public static class MilestonePages
{
    public static RouteGroupBuilder MapMilestonePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/milestones/{slug}", async (string slug, HttpContext http, MilestoneQueries queries, Search.SearchQueries subjects) =>
            await SiteEndpoints.RenderWithSubjectAsync<MilestonePage, MilestoneDto>(http, await MilestoneEndpoints.Get(slug, queries), subjects, r => r.Subject));
        return pages;
    }
}
