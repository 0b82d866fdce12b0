using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Themes;

/// <summary>A demonstration area (先行示范) or one of the three gaps.</summary>
public sealed record ThemeDto(string Slug, Label Name, string Kind, int SampleCount, int ReformCount, ThemeLinks Links, string Url)
{
    /// <summary>The same record as a web page.</summary>
    public string HtmlUrl => SiteUrls.HtmlUrl(Url);

    public static ThemeDto From(ThemeRow t) => new(t.Slug, new Label(t.NameZh, t.NameEn), t.Kind, (int)t.SampleCount, (int)t.ReformCount,
        new ThemeLinks($"/api/v1/samples?theme={t.Slug}", $"/api/v1/reforms?theme={t.Slug}", $"/api/v1/figures?theme={t.Slug}"), $"/api/v1/themes/{t.Slug}");
}

public sealed record ThemeLinks(string Samples, string Reforms, string Figures);

public sealed record ThemeList(IReadOnlyList<ThemeDto> Items, int TotalCount);

public static class ThemeEndpoints
{
    public static IEndpointRouteBuilder MapThemes(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/themes").WithTags("Themes");
        group.MapGet("", List).WithName("ListThemes").WithQuery().ListResponses()
            .WithSummary("The seven demonstration areas and the three gaps")
            .WithDescription("kind is demonstration_area or gap. Counts of samples and reforms; links to the lists filtered by each theme. A closed list of ten: no paging.");
        group.MapGet("/{slug}", Get).WithName("GetTheme").WithQuery().ItemResponses().WithSummary("One theme by slug")
            .WithDescription("Name in both languages, kind, counts of samples and reforms, links to the filtered lists. Unknown slug: 404 problem.");
        return app;
    }

    public static async Task<Results<Ok<ThemeList>, ProblemHttpResult>> List(HttpContext http, ThemeQueries queries)
    {
        try
        {
            _ = new QueryReader(http.Request);
            var items = (await queries.ListAsync()).Select(ThemeDto.From).ToList();
            return TypedResults.Ok(new ThemeList(items, items.Count));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<ThemeDto>, ProblemHttpResult>> Get(string slug, ThemeQueries queries)
    {
        var row = await queries.BySlugAsync(slug);
        return row is null ? ApiProblems.NotFound("theme", slug) : TypedResults.Ok(ThemeDto.From(row));
    }
}
