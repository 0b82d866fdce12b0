using Microsoft.AspNetCore.Mvc;
using RuianSamples.Api.Common;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Search;

/// <summary>The search page: GET /api/v1/search's page of hits (null before a query is typed) or its problem.</summary>
public sealed record SearchPageModel(string Query, SearchResultsPage? Result, ProblemDetails? Problem, string ApiUrl);

public static class SearchPages
{
    public static RouteGroupBuilder MapSearchPage(this RouteGroupBuilder pages)
    {
        pages.MapGet("/search", async (HttpContext http, SearchService search) =>
        {
            var site = SiteContext.From(http);
            var api = SiteEndpoints.ApiRequest(http, "/api/v1/search", site.Query);
            var query = site.Get("q") ?? "";
            if (query.Trim().Length == 0)
                return SiteEndpoints.Render<SearchPage>(http, new SearchPageModel("", null, null, "/api/v1/search"));
            var result = SiteEndpoints.ValueOf(await SearchEndpoints.Search(api, search), out var problem);
            var page = SiteEndpoints.Render<SearchPage>(http, new SearchPageModel(query, result, problem?.ProblemDetails, api.Request.Path + api.Request.QueryString));
            if (problem is not null) page.StatusCode = problem.StatusCode;
            return page;
        });
        return pages;
    }
}
