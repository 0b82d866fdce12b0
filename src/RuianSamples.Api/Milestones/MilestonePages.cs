using RuianSamples.Api.Site;

namespace RuianSamples.Api.Milestones;

public static class MilestonePages
{
    public static RouteGroupBuilder MapMilestonePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/milestones/{slug}", async Task<IResult> (string slug, HttpContext http, MilestoneQueries queries, Search.SearchQueries subjects) =>
        {
            var result = await MilestoneEndpoints.Get(slug, queries);
            if (result.Result is not Microsoft.AspNetCore.Http.HttpResults.Ok<MilestoneDto> { Value: { } record }) return SiteEndpoints.Render<MilestonePage, MilestoneDto>(http, result);
            return SiteEndpoints.Render<MilestonePage>(http, record, ("SubjectTitle", await SiteEndpoints.SubjectTitleAsync(subjects, record.Subject)));
        });
        return pages;
    }
}
