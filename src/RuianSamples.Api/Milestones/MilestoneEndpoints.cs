using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Regions;

namespace RuianSamples.Api.Milestones;

/// <summary>A dated event, with the precision of its date and the sentence that states it.</summary>
public sealed record MilestoneDto(
    string Slug, string Date, int Year, string DatePrecision, bool DateInferred, string? DateBasis, Label Title,
    SubjectRef? Subject, RegionLabelRef Region, Citation Citation, string Url)
{
    public static MilestoneDto From(MilestoneRow m) => new(m.Slug, m.Date, (int)m.Year, m.DatePrecision, m.DateInferred, m.DateBasis,
        new Label(m.TitleZh, m.TitleEn), SubjectRefs.Of(m.SubjectType, m.SubjectKey),
        m.RegionRef(), m.Citation(),
        $"/api/v1/milestones/{m.Slug}");
}

public static class MilestoneEndpoints
{
    public static readonly string[] ListParameters = ["region", "year", "yearFrom", "yearTo", "source", "sort", "limit", "cursor"];

    public static IEndpointRouteBuilder MapMilestones(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/milestones").WithTags("Milestones");
        group.MapGet("", List).WithName("ListMilestones").WithQuery(ListParameters).ListResponses()
            .WithSummary("Dated events (1981 四千精神, 2006 三位一体 …), oldest first")
            .WithDescription("Filters: region (a county includes its towns), year or yearFrom/yearTo, source. Sort: date (default) or id, '-' for descending. Each with date precision and a citation.");
        group.MapGet("/{slug}", Get).WithName("GetMilestone").WithQuery().ItemResponses().WithSummary("One milestone by slug")
            .WithDescription("Date with precision (and how it was inferred), title, subject, region and the citation. Unknown slug: 404 problem.");
        return app;
    }

    public static async Task<Results<Ok<Page<MilestoneDto>>, ProblemHttpResult>> List(HttpContext http, MilestoneQueries queries, RegionQueries regions, Vocabulary vocabulary)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var region = await regions.ResolveFilterAsync("region", q.String("region"));
            var (from, to) = Filters.Years(q);
            var source = Filters.Source("source", q.String("source"), vocabulary);
            var sort = SortOption.Read(q, MilestoneQueries.Sorts, "date");
            var limit = q.Limit();
            var fingerprint = Cursor.FingerprintOf("milestones", region?.Slug, from, to, source, sort.Name);
            var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);
            var filter = new MilestoneQueries.Filter(region?.Path, from, to, source);
            var rows = await queries.ListAsync(filter, sort, cursor, limit + 1);
            var total = await queries.CountAsync(filter);
            var page = rows.Take(limit).ToList();
            var keys = page.ToDictionary(r => r.Slug);
            return TypedResults.Ok(Paging.Create(http, page.Select(MilestoneDto.From).ToList(), rows.Count > limit, limit, total,
                m => new Cursor(keys[m.Slug].SortKey, keys[m.Slug].Id, fingerprint)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<MilestoneDto>, ProblemHttpResult>> Get(string slug, MilestoneQueries queries)
    {
        var row = await queries.BySlugAsync(slug);
        return row is null ? ApiProblems.NotFound("milestone", slug) : TypedResults.Ok(MilestoneDto.From(row));
    }
}
