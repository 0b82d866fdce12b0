using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Reforms;

public static class ReformEndpoints
{
    public static readonly string[] ListParameters = ["theme", "region", "year", "yearFrom", "yearTo", "pilotLevel", "sample", "source", "sort", "facets", "limit", "cursor"];

    public static IEndpointRouteBuilder MapReforms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reforms").WithTags("Reforms");
        group.MapGet("", List).WithName("ListReforms").WithQuery(ListParameters).ListResponses()
            .WithSummary("List reforms and initiatives, full records")
            .WithDescription("Filters: theme, region (slug or code; a county includes its towns), year or yearFrom/yearTo (start year), pilotLevel, sample (1-10), source. "
                + "Sort: id (default), slug, startYear, each with a leading '-' for descending. Cursor paging (limit ≤ 100). facets=true adds counts by theme, region and year.");
        group.MapGet("/{slug}", Get).WithName("GetReform").WithQuery(DatasetVersions.Parameter).ItemResponses()
            .WithSummary("One reform by slug, now or as it was at a dataset version")
            .WithDescription("The full record: region, start year, pilot level, claimed firsts with quotes, themes, linked samples, figures with citations, sources. "
                + VersionEndpoints.PinnedDescription);
        return app;
    }

    public static async Task<Results<Ok<Page<ReformDto>>, ProblemHttpResult>> List(
        HttpContext http, ReformQueries queries, RegionQueries regions, ReformReader reader, Vocabulary vocabulary)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var theme = Filters.Theme("theme", q.String("theme"), vocabulary);
            var region = await regions.ResolveFilterAsync("region", q.String("region"));
            var (from, to) = Filters.Years(q);
            var pilotLevel = Filters.PilotLevel("pilotLevel", q.String("pilotLevel"));
            var sample = Filters.Sample("sample", q.Int("sample", int.MinValue, int.MaxValue));
            var source = Filters.Source("source", q.String("source"), vocabulary);
            var sort = SortOption.Read(q, ReformQueries.Sorts, "id");
            var facets = Filters.Facets(q);
            var limit = q.Limit();
            var fingerprint = Cursor.FingerprintOf("reforms", theme, region?.Slug, from, to, pilotLevel, sample, source, sort.Name);
            var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);

            var filter = new ReformQueries.Filter(theme, region?.Path, from, to, pilotLevel, sample, source);
            var rows = await queries.ListAsync(filter, sort, cursor, limit + 1);
            var total = await queries.CountAsync(filter);
            var facetCounts = facets ? FacetRow.Group(await queries.FacetsAsync(filter)) : null;
            var items = await reader.AssembleAsync(rows.Take(limit).ToList());
            var keys = rows.ToDictionary(r => r.Slug, r => (r.SortKey, r.Id));
            var page = Paging.Create(http, items, rows.Count > limit, limit, total,
                r => new Cursor(keys[r.Slug].SortKey, keys[r.Slug].Id, fingerprint), facetCounts);
            return TypedResults.Ok(page);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<ReformDto>, ProblemHttpResult>> Get(string slug, HttpContext http, ReformQueries queries, ReformReader reader, DatasetVersions versions)
    {
        try
        {
            var pin = await versions.PinAsync(http);
            var row = await queries.BySlugAsync(slug);
            if (row is null || pin?.After("reform", slug).Any(r => r.Action == "create") == true) return pin?.NotFound("reform", slug) ?? ApiProblems.NotFound("reform", slug);
            pin?.RequireUnchanged("reform", slug);
            return TypedResults.Ok((await reader.AssembleAsync([row], pin))[0]);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
