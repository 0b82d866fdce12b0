using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.LinkedData;

namespace RuianSamples.Api.Regions;

public static class RegionEndpoints
{
    public static readonly string[] ListParameters = ["level", "parent", "sort", "limit", "cursor"];

    public static IEndpointRouteBuilder MapRegions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/regions").WithTags("Regions");
        group.MapGet("", List).WithName("ListRegions").WithQuery(ListParameters).ListResponses()
            .WithSummary("List regions: 浙江省, 温州市, its counties and districts, and the towns and villages the sources name")
            .WithDescription("Filters: level (province, city, county, district, county_city, street, town, township, village …), parent (slug or code: everything below it). "
                + "Sort: path (default: the hierarchy, depth first) or slug, '-' for descending. Counts include everything below each region.");
        group.MapGet("/{slugOrCode}", Get).WithName("GetRegion").WithQuery().ItemResponses().WithJsonLd()
            .WithSummary("One region by slug (e.g. ruian) or official administrative code (e.g. 330381)")
            .WithDescription("With its parent, ancestors, children, counts of samples, reforms and figures (its own and its sub-regions'), and links to those lists filtered by it.");
        return app;
    }

    public static async Task<Results<Ok<Page<RegionDto>>, ProblemHttpResult>> List(HttpContext http, RegionQueries queries, Vocabulary vocabulary)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var level = Validate.OneOf("level", q.String("level"), vocabulary.Current.RegionLevels);
            var parent = await queries.ResolveFilterAsync("parent", q.String("parent"));
            var sort = SortOption.Read(q, RegionQueries.Sorts, "path");
            var limit = q.Limit();
            var fingerprint = Cursor.FingerprintOf("regions", level, parent?.Slug, sort.Name);
            var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);
            var filter = new RegionQueries.Filter(level, parent?.Path);
            var rows = await queries.ListAsync(filter, sort, cursor, limit + 1);
            var total = await queries.CountAsync(filter);
            var page = rows.Take(limit).ToList();
            var items = await AssembleAsync(queries, page);
            var keys = page.ToDictionary(r => r.Slug);
            return TypedResults.Ok(Paging.Create(http, items, rows.Count > limit, limit, total, r => new Cursor(keys[r.Slug].SortKey, keys[r.Slug].Id, fingerprint)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<RegionDto>, ProblemHttpResult>> Get(string slugOrCode, RegionQueries queries)
    {
        var row = await queries.ByKeyAsync(slugOrCode);
        if (row is null) return ApiProblems.NotFound("region", slugOrCode);
        return TypedResults.Ok((await AssembleAsync(queries, [row]))[0]);
    }

    internal static async Task<IReadOnlyList<RegionDto>> AssembleAsync(RegionQueries queries, IReadOnlyList<RegionRow> rows)
    {
        if (rows.Count == 0) return [];
        var children = await queries.ChildrenAsync(rows.Select(r => r.Slug));
        var ancestorSlugs = rows.SelectMany(r => r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1)).Distinct();
        var ancestors = (await queries.BySlugsAsync(ancestorSlugs)).ToDictionary(r => r.Slug);
        return rows.Select(r =>
        {
            var chain = r.Path.Split('/', StringSplitOptions.RemoveEmptyEntries).SkipLast(1).Where(ancestors.ContainsKey).Select(s => RegionDto.RefOf(ancestors[s])).ToList();
            return new RegionDto(r.Slug, r.Code, new Label(r.NameZh, r.NameEn), r.Level,
                r.ParentSlug is not null && ancestors.TryGetValue(r.ParentSlug, out var p) ? RegionDto.RefOf(p) : null,
                children[r.Slug].Select(RegionDto.RefOf).ToList(), chain,
                new RegionCounts((int)r.SampleCount, (int)r.ReformCount, (int)r.FigureCount),
                new RegionLinks($"/api/v1/samples?region={r.Slug}", $"/api/v1/reforms?region={r.Slug}", $"/api/v1/figures?region={r.Slug}",
                    $"/api/v1/milestones?region={r.Slug}", $"/api/v1/honors?region={r.Slug}"),
                $"/api/v1/regions/{r.Slug}");
        }).ToList();
    }
}
