using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Regions;

namespace RuianSamples.Api.Figures;

public static class FigureEndpoints
{
    /// <summary>The parameters that choose figures (the list's, without sort and paging): the export of figures takes them too.</summary>
    public static readonly string[] FilterParameters = ["theme", "region", "year", "yearFrom", "yearTo", "kind", "sample", "reform", "source", "subjectType"];

    public static readonly string[] ListParameters = [.. FilterParameters, "sort", "facets", "limit", "cursor"];

    public static IEndpointRouteBuilder MapFigures(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/figures").WithTags("Figures");
        group.MapGet("", List).WithName("ListFigures").WithQuery(ListParameters).ListResponses()
            .WithSummary("List figures (observations), each with its citation")
            .WithDescription("Filters: theme (of the figure's sample or reform), region (slug or code; a county includes its towns), year or yearFrom/yearTo (the figure's period), "
                + "kind, sample (1-10), reform (slug), source, subjectType (sample, reform, region). Sort: id (default), year, baseValue, each with '-' for descending. "
                + "Cursor paging (limit ≤ 100). facets=true adds counts by region, year and kind.");
        group.MapGet("/{id}", Get).WithName("GetFigure").WithQuery().ItemResponses()
            .WithSummary("One figure by id (e.g. f001-018)")
            .WithDescription("Value as written and in base units, unit, qualifier, period (with the inferred flag and how), baseline and change, kind, region, and a citation: source, verbatim quote, a link to the passage, and a ready-to-cite line in Chinese and English.");
        return app;
    }

    public static async Task<Results<Ok<Page<FigureDto>>, ProblemHttpResult>> List(
        HttpContext http, FigureQueries queries, RegionQueries regions, Vocabulary vocabulary)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var (filter, key) = await ReadFilterAsync(q, regions, vocabulary);
            var sort = SortOption.Read(q, FigureQueries.Sorts, "id");
            var facets = Filters.Facets(q);
            var limit = q.Limit();
            var fingerprint = Cursor.FingerprintOf(["figures", .. key, sort.Name]);
            var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);

            var rows = await queries.ListAsync(filter, sort, cursor, limit + 1);
            var total = await queries.CountAsync(filter);
            var facetCounts = facets ? FacetRow.Group(await queries.FacetsAsync(filter)) : null;
            var page = rows.Take(limit).ToList();
            var items = page.Select(FigureDto.From).ToList();
            var keys = page.ToDictionary(r => r.Key, r => (r.SortKey, r.Id));
            return TypedResults.Ok(Paging.Create(http, items, rows.Count > limit, limit, total,
                f => new Cursor(keys[f.Id].SortKey, keys[f.Id].Id, fingerprint), facetCounts));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    /// <summary>Reads and checks the filter parameters; the key identifies the selection (for cursors).</summary>
    public static async Task<(FigureQueries.Filter Filter, object?[] Key)> ReadFilterAsync(QueryReader q, RegionQueries regions, Vocabulary vocabulary)
    {
        var theme = Filters.Theme("theme", q.String("theme"), vocabulary);
        var region = await regions.ResolveFilterAsync("region", q.String("region"));
        var (from, to) = Filters.Years(q);
        var kind = Filters.FigureKind("kind", q.String("kind"), vocabulary);
        var sample = Filters.Sample("sample", q.Int("sample", int.MinValue, int.MaxValue));
        var reform = q.String("reform");
        var source = Filters.Source("source", q.String("source"), vocabulary);
        var subjectType = Validate.OneOf("subjectType", q.String("subjectType"), Vocabulary.SubjectTypes);
        return (new FigureQueries.Filter(theme, region?.Path, from, to, kind, sample, reform, source, subjectType),
            [theme, region?.Slug, from, to, kind, sample, reform, source, subjectType]);
    }

    public static async Task<Results<Ok<FigureDto>, ProblemHttpResult>> Get(string id, FigureQueries queries)
    {
        var row = await queries.ByKeyAsync(id);
        return row is null ? ApiProblems.NotFound("figure", id) : TypedResults.Ok(FigureDto.From(row));
    }
}
