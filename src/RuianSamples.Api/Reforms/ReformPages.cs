using Microsoft.AspNetCore.Mvc;
using RuianSamples.Api.Common;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Reforms;

/// <summary>The reforms list page: GET /api/v1/reforms's page (or its problem) and what the filter form offers.</summary>
public sealed record ReformBrowser(Page<ReformDto>? Result, ProblemDetails? Problem, string ApiUrl, IReadOnlyList<ThemeDto> Themes, IReadOnlyList<RegionDto> Regions);

public static class ReformPages
{
    public static RouteGroupBuilder MapReformPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/reforms/{slug}", Get);
        pages.MapGet("/reforms", List);
        return pages;
    }

    /// <summary>
    /// A reform, and the practice samples the catalog links it to with their figures: most such reforms have no figures
    /// of their own, the sample's figures are what a reader looks for. Each sample as GET /api/v1/samples/{number} returns it.
    /// </summary>
    private static async Task<IResult> Get(string slug, HttpContext http, ReformQueries queries, ReformReader reader, Versions.DatasetVersions versions,
        SampleQueries sampleQueries, SampleReader sampleReader)
    {
        var result = await ReformEndpoints.Get(slug, SiteEndpoints.ApiRequest(http, $"/api/v1/reforms/{slug}", []), queries, reader, versions);
        if (SiteEndpoints.ValueOf(result, out _) is not { } reform) return SiteEndpoints.Render<ReformPage, ReformDto>(http, result);
        var samples = new List<SampleDto>(reform.Samples.Count);
        foreach (var number in reform.Samples.Select(s => s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            if (SiteEndpoints.ValueOf(await SampleEndpoints.Get(number, SiteEndpoints.ApiRequest(http, $"/api/v1/samples/{number}", []), sampleQueries, sampleReader, versions), out _) is { } sample)
                samples.Add(sample);
        return SiteEndpoints.Render<ReformPage>(http, reform, ("SampleFigures", samples));
    }

    private static async Task<IResult> List(HttpContext http, ReformQueries queries, RegionQueries regions, ReformReader reader, ThemeQueries themes, Vocabulary vocabulary)
    {
        var site = SiteContext.From(http);
        var api = SiteEndpoints.ApiRequest(http, "/api/v1/reforms", site.Query);
        var page = SiteEndpoints.ValueOf(await ReformEndpoints.List(api, queries, regions, reader, vocabulary), out var problem);
        var (themeList, regionList) = await SiteEndpoints.FilterChoicesAsync(http, themes, regions, vocabulary);
        return SiteEndpoints.RenderList<ReformsListPage>(http, new ReformBrowser(page, problem?.ProblemDetails, api.Request.Path + api.Request.QueryString, themeList, regionList), problem);
    }
}
