using RuianSamples.Api.Site;

namespace RuianSamples.Api.Honors;

public static class HonorPages
{
    public static RouteGroupBuilder MapHonorPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/honors/{slug}", async Task<IResult> (string slug, HttpContext http, HonorQueries queries, Search.SearchQueries subjects) =>
        {
            var result = await HonorEndpoints.Get(slug, queries);
            if (result.Result is not Microsoft.AspNetCore.Http.HttpResults.Ok<HonorDto> { Value: { } record }) return SiteEndpoints.Render<HonorPage, HonorDto>(http, result);
            return SiteEndpoints.Render<HonorPage>(http, record, ("SubjectTitle", await SiteEndpoints.SubjectTitleAsync(subjects, record.Subject)));
        });
        return pages;
    }
}
