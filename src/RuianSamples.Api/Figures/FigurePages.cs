using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RuianSamples.Api.Common;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Figures;

/// <summary>The figures explorer: the list endpoint's filters as a form, its page as a table and a chart.</summary>
public sealed record FigureExplorer(
    Page<FigureDto>? Result, ProblemDetails? Problem, string ApiUrl, IReadOnlyList<ThemeDto> Themes, IReadOnlyList<RegionDto> Regions,
    IReadOnlyList<SampleDto> Samples, IReadOnlyList<SourceDto> Sources, IReadOnlyList<string> Kinds, FigureChart? Chart);

/// <summary>
/// What the chart draws: the largest group of figures whose units compare (same unit as written, else the same base
/// unit), as a line when they are one indicator of one region over several years, as bars otherwise.
/// </summary>
public sealed record FigureChart(string Type, string Unit, IReadOnlyDictionary<string, double> Values, bool LabelRegion, bool LabelYear)
{
    public static FigureChart? Of(IReadOnlyList<FigureDto> figures)
    {
        // A rank is an order, not an amount: as a bar, 5th would stand taller than 1st.
        var group = figures.Where(f => f.BaseUnit is not null && f.Kind != "rank").GroupBy(f => f.BaseUnit!).OrderByDescending(g => g.Count()).FirstOrDefault()?.ToList();
        if (group is null || group.Count < 2) return null;
        var sameUnit = group.All(f => f.Unit == group[0].Unit);
        var overYears = group.Select(f => (f.Indicator.Zh, f.Region.Slug)).Distinct().Count() == 1
            && group.Select(f => f.Year).Distinct().Count() == group.Count && group.All(f => f.Year is not null);
        return new FigureChart(overYears ? "line" : "bar", sameUnit ? group[0].Unit ?? "" : group[0].BaseUnit!,
            group.ToDictionary(f => f.Id, f => sameUnit ? f.Value : f.BaseValue),
            LabelRegion: !overYears && group.Select(f => f.Region.Slug).Distinct().Count() > 1,
            LabelYear: overYears || group.Select(f => f.Year).Distinct().Count() > 1);
    }
}

public static class FigurePages
{
    public static RouteGroupBuilder MapFigurePages(this RouteGroupBuilder pages)
    {
        // The subject by its name (a reform's, a sample's, a place's), not its slug.
        pages.MapGet("/figures/{id}", async (string id, HttpContext http, FigureQueries queries, Search.SearchQueries subjects, Versions.DatasetVersions versions) =>
            await SiteEndpoints.RenderWithSubjectAsync<FigurePage, FigureDto>(http,
                await FigureEndpoints.Get(id, SiteEndpoints.ApiRequest(http, $"/api/v1/figures/{id}", []), queries, versions), subjects, f => f.Subject));
        pages.MapGet("/figures", Explorer);
        return pages;
    }

    private static async Task<IResult> Explorer(HttpContext http, FigureQueries queries, RegionQueries regions, ReformQueries reforms, Vocabulary vocabulary,
        ThemeQueries themes, SampleQueries samples, SampleReader sampleReader, SourceQueries sources)
    {
        var site = SiteContext.From(http);
        var api = SiteEndpoints.ApiRequest(http, "/api/v1/figures", site.Query);
        var page = SiteEndpoints.ValueOf(await FigureEndpoints.List(api, queries, regions, reforms, vocabulary), out var problem);
        var (themeList, regionList) = await SiteEndpoints.FilterChoicesAsync(http, themes, regions, vocabulary);
        // The samples for the form's choice: their titles, each with its headline figure only (as the home page's cards).
        var sampleList = await SampleEndpoints.CardsAsync(SiteEndpoints.ApiRequest(http, "/api/v1/samples", [new("limit", "10")]), samples, regions, sampleReader, vocabulary);
        var model = new FigureExplorer(page, problem?.ProblemDetails, api.Request.Path + api.Request.QueryString, themeList, regionList, sampleList,
            SiteEndpoints.ValueOf(await SourceEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/sources", []), sources), out _)?.Items ?? [],
            vocabulary.Current.FigureKinds, page is null ? null : FigureChart.Of(page.Items));
        return SiteEndpoints.RenderList<FiguresExplorerPage>(http, model, problem);
    }
}
