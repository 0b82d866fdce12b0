using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Regions;

/// <summary>A region's page: the region record and the lists its links point to (samples, reforms, figures filtered by it).</summary>
public sealed record RegionPageModel(RegionDto Region, Page<SampleDto> Samples, Page<ReformDto> Reforms, Page<FigureDto> Figures);

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
        return pages;
    }
}
