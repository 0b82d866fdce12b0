using RuianSamples.Api.Common;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Themes;

/// <summary>A theme's page: the theme record and the samples and reforms its links list.</summary>
public sealed record ThemePageModel(ThemeDto Theme, Page<SampleDto> Samples, Page<ReformDto> Reforms);

public static class ThemePages
{
    public static RouteGroupBuilder MapThemePages(this RouteGroupBuilder pages)
    {
        pages.MapGet("/themes/{slug}", async (string slug, HttpContext http, ThemeQueries queries, SampleQueries samples, SampleReader sampleReader,
            ReformQueries reforms, ReformReader reformReader, RegionQueries regions, Vocabulary vocabulary) =>
        {
            var theme = SiteEndpoints.ValueOf(await ThemeEndpoints.Get(slug, queries), out var problem);
            if (theme is null) return SiteEndpoints.Error(http, problem!);
            KeyValuePair<string, string>[] filter = [new("theme", theme.Slug), new("limit", QueryReader.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))];
            var model = new ThemePageModel(theme,
                SiteEndpoints.ValueOf(await SampleEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/samples", filter), samples, regions, sampleReader, vocabulary), out _)!,
                SiteEndpoints.ValueOf(await ReformEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/reforms", filter), reforms, regions, reformReader, vocabulary), out _)!);
            return SiteEndpoints.Render<ThemePage>(http, model);
        });
        pages.MapGet("/themes", async (HttpContext http, ThemeQueries queries) =>
            SiteEndpoints.Render<ThemesListPage, ThemeList>(http, await ThemeEndpoints.List(SiteEndpoints.ApiRequest(http, "/api/v1/themes", []), queries)));
        return pages;
    }
}
