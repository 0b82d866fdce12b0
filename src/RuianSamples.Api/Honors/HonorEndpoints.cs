using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Regions;

namespace RuianSamples.Api.Honors;

/// <summary>An honor, title or ranking on a named list (中国百强县 第20位, 最具幸福感城市 …).</summary>
public sealed record HonorDto(
    string Slug, Label Name, int? Rank, int? Year, bool YearInferred, string? YearBasis, SubjectRef? Subject,
    RegionLabelRef Region, Citation Citation, string Url)
{
    public static HonorDto From(HonorRow h) => new(h.Slug, new Label(h.NameZh, h.NameEn), (int?)h.Rank, (int?)h.Year, h.YearInferred, h.YearBasis,
        SubjectRefs.Of(h.SubjectType, h.SubjectKey),
        h.RegionRef(), h.Citation(),
        $"/api/v1/honors/{h.Slug}");
}

public static class HonorEndpoints
{
    public static readonly string[] ListParameters = ["region", "year", "yearFrom", "yearTo", "source", "ranked", "sort", "limit", "cursor"];

    public static IEndpointRouteBuilder MapHonors(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/honors").WithTags("Honors");
        group.MapGet("", List).WithName("ListHonors").WithQuery(ListParameters).ListResponses()
            .WithSummary("Honors, titles and rankings on named lists")
            .WithDescription("Filters: region (a county includes its towns), year or yearFrom/yearTo, source, ranked (true: only entries with a rank). Sort: id (default), year, rank, '-' for descending.");
        group.MapGet("/{slug}", Get).WithName("GetHonor").WithQuery().ItemResponses().WithSummary("One honor by slug")
            .WithDescription("Name, rank and year (with how the year was inferred), subject, region and the citation. Unknown slug: 404 problem.");
        return app;
    }

    public static async Task<Results<Ok<Page<HonorDto>>, ProblemHttpResult>> List(HttpContext http, HonorQueries queries, RegionQueries regions, Vocabulary vocabulary)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var region = await regions.ResolveFilterAsync("region", q.String("region"));
            var years = Filters.YearsOrUnknown(q);
            var (from, to) = (years.From, years.To);
            var source = Filters.Source("source", q.String("source"), vocabulary);
            var ranked = Validate.OneOf("ranked", q.String("ranked"), ["true", "false"]) is { } r ? r == "true" : (bool?)null;
            var sort = SortOption.Read(q, HonorQueries.Sorts, "id");
            var limit = q.Limit();
            var fingerprint = Cursor.FingerprintOf("honors", region?.Slug, years.FromKey, to, source, ranked, sort.Name);
            var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);
            var filter = new HonorQueries.Filter(region?.Path, from, to, source, ranked, years.Unknown);
            var rows = await queries.ListAsync(filter, sort, cursor, limit + 1);
            var total = await queries.CountAsync(filter);
            var page = rows.Take(limit).ToList();
            var keys = page.ToDictionary(h => h.Slug);
            return TypedResults.Ok(Paging.Create(http, page.Select(HonorDto.From).ToList(), rows.Count > limit, limit, total,
                h => new Cursor(keys[h.Slug].SortKey, keys[h.Slug].Id, fingerprint)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<HonorDto>, ProblemHttpResult>> Get(string slug, HonorQueries queries)
    {
        var row = await queries.BySlugAsync(slug);
        return row is null ? ApiProblems.NotFound("honor", slug) : TypedResults.Ok(HonorDto.From(row));
    }
}
