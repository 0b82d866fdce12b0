using Microsoft.AspNetCore.Mvc;
using RuianSamples.Api.Common;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Site;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Samples;

/// <summary>The samples list page: GET /api/v1/samples's page (or its problem) and what the filter form offers.</summary>
public sealed record SampleBrowser(Page<SampleDto>? Result, ProblemDetails? Problem, string ApiUrl, IReadOnlyList<ThemeDto> Themes, IReadOnlyList<RegionDto> Regions);

public static class SamplePages
{
    public static RouteGroupBuilder MapSamplePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/samples/{numberOrSlug}", async (string numberOrSlug, HttpContext http, SampleQueries queries, SampleReader reader,
            Materialised.RecordDocumentQueries documents, Versions.DatasetVersions versions) =>
        {
            // Now (not pinned), the record as REST serves it, from its stored document: one lookup instead of the seven
            // statements that assemble it (issue 17). SitePagesTests compares the page with the one assembled from the rows.
            if (!Versions.DatasetVersions.IsPinned(http) && documents.Find(Materialised.RecordDocuments.Sample, numberOrSlug) is { } stored)
                return SiteEndpoints.Render<SamplePage>(http, System.Text.Json.JsonSerializer.Deserialize<SampleDto>(stored, ApiHttpExtensions.Json));
            return SiteEndpoints.Render<SamplePage, SampleDto>(http, await SampleEndpoints.Get(numberOrSlug, SiteEndpoints.ApiRequest(http, $"/api/v1/samples/{numberOrSlug}", []), queries, reader, versions));
        });
        pages.MapGet("/samples", List);
        return pages;
    }

    private static async Task<IResult> List(HttpContext http, SampleQueries queries, RegionQueries regions, SampleReader reader, ThemeQueries themes, Vocabulary vocabulary)
    {
        var site = SiteContext.From(http);
        var api = SiteEndpoints.ApiRequest(http, "/api/v1/samples", site.Query);
        var page = SiteEndpoints.ValueOf(await SampleEndpoints.List(api, queries, regions, reader, vocabulary), out var problem);
        var (themeList, regionList) = await SiteEndpoints.FilterChoicesAsync(http, themes, regions, vocabulary);
        return SiteEndpoints.RenderList<SamplesListPage>(http, new SampleBrowser(page, problem?.ProblemDetails, api.Request.Path + api.Request.QueryString, themeList, regionList), problem);
    }
}
