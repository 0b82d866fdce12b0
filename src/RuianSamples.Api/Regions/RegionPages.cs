using Microsoft.AspNetCore.Mvc;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Regions;

/// <summary>A region's page: the region record and the lists its links point to (samples, reforms, figures filtered by it).</summary>
public sealed record RegionPageModel(RegionDto Region, Page<SampleDto> Samples, Page<ReformDto> Reforms, Page<FigureDto> Figures);

/// <summary>The regions list page: GET /api/v1/regions's page (or its problem) and what the filter form offers.</summary>
public sealed record RegionBrowser(Page<RegionDto>? Result, ProblemDetails? Problem, string ApiUrl, IReadOnlyList<string> Levels, IReadOnlyList<RegionDto> Parents);

public static class RegionPages
{
    public static RouteGroupBuilder MapRegionPages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/regions/{slugOrCode}", async (string slugOrCode, HttpContext http, RegionQueries queries, SampleQueries samples, SampleReader sampleReader,
            ReformQueries reforms, ReformReader reformReader, FigureQueries figures, Vocabulary vocabulary) =>
        {
            var region = SiteEndpoints.ValueOf(await RegionEndpoints.Get(slugOrCode, queries), out var problem);
            if (region is null) return SiteEndpoints.Error(http, problem!);
            KeyValuePair<string, string>[] filter = [new("region", region.Slug), new("limit", QueryReader.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            var model = new RegionPageModel(region,
                SiteEndpoints.ValueOf(await SampleEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/samples", filter), samples, queries, sampleReader, vocabulary), out _)!,
                SiteEndpoints.ValueOf(await ReformEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/reforms", filter), reforms, queries, reformReader, vocabulary), out _)!,
                // The first figures only: the explorer, linked below them, pages, filters by year and charts the rest.
                SiteEndpoints.ValueOf(await FigureEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/figures", [filter[0], new("limit", "10")]), figures, queries, reforms, vocabulary), out _)!);
            return SiteEndpoints.Render<RegionPage>(http, model);
        });
        pages.MapGet("/regions", List);
        return pages;
    }

    /// <summary>The form offers the levels from the top down (the vocabulary has them in no order).</summary>
    private static readonly string[] LevelsTopDown = ["province", "city", "county", "district", "county_city", "street", "town", "township", "village"];

    private static async Task<IResult> List(HttpContext http, RegionQueries queries, Vocabulary vocabulary)
    {
        var site = SiteContext.From(http);
        var max = new KeyValuePair<string, string>("limit", QueryReader.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The whole hierarchy on one page unless the reader pages: the API's default of 20 would cut a county from its towns.
        var api = SiteEndpoints.ApiRequest(http, "/api/v1/regions", site.Get("limit") is null ? site.Query.Append(max) : site.Query);
        var page = SiteEndpoints.ValueOf(await RegionEndpoints.List(api, queries, vocabulary), out var problem);
        // Every region that has places below it can be the parent filter, and the one asked for stays chosen even if it has none.
        var all = SiteEndpoints.ValueOf(await RegionEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/regions", [max]), queries, vocabulary), out _)?.Items ?? [];
        var model = new RegionBrowser(page, problem?.ProblemDetails, api.Request.Path + api.Request.QueryString,
            [.. vocabulary.Current.RegionLevels.OrderBy(l => Array.IndexOf(LevelsTopDown, l) is var i && i < 0 ? int.MaxValue : i)], all.Where(r => r.Children.Count > 0 || r.Slug == site.Get("parent") || r.Code == site.Get("parent")).ToList());
        var result = SiteEndpoints.Render<RegionsListPage>(http, model);
        // A bad filter is the reader's mistake: the form stays usable and says what is wrong, with the API's status.
        if (problem is not null) result.StatusCode = problem.StatusCode;
        return result;
    }
}
