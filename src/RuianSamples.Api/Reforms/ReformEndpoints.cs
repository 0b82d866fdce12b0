using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Common;
using RuianSamples.Api.Partners;
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
        group.MapGet("/{slug}/history", History).WithName("GetReformHistory").WithQuery().ItemResponses()
            .WithSummary("A reform's revisions: who changed what, when and why")
            .WithDescription("Every revision made through the API, oldest first: revision number, time, the agency's key (id and name), its comment, and the fields changed (before → after). "
                + "Revision 1 of a curated reform is the seeds import and has no entry.");

        var writes = app.MapPartnerWrites("/api/v1/reforms", "Reforms", Scopes.ReformsWrite);
        writes.MapPost("", Create).WithName("CreateReform").WriteResponses<ReformDto>(201)
            .Accepts<ReformDto>("application/json")
            .WithSummary("Add a reform (partner key with reforms:write)")
            .WithDescription("The body has the fields of a reform as GET returns it, with a slug chosen by the client (lowercase-hyphen ascii; a taken one → 409); a GET representation "
                + "is a valid body (server-computed members such as url, region names, theme and sample titles, figures, sources and revision are ignored; any other unknown member "
                + "is a 422). Provenance is checked as for the curated seeds: description.zh, startYear.quote, pilotLevel.quote and each claimed first's quote must be verbatim in "
                + "the normalised text of its source (sourceId, or a first's own sourceId), the region must exist and lie within the key's regions, themes and samples must exist. "
                + "Idempotency-Key: a retry with the same key and body returns the first answer and writes nothing. → 201 with Location and ETag.");
        writes.MapPatch("/{slug}", Correct).WithName("CorrectReform").WriteResponses<ReformDto>(200, conditional: true)
            .Accepts<ReformDto>("application/merge-patch+json")
            .WithSummary("Correct a reform (JSON merge patch, If-Match required)")
            .WithDescription("RFC 7396 merge patch of the reform's fields (an array such as firsts, themes or samples is replaced whole), plus a required `comment` (why), stored "
                + "on the revision. If-Match must carry the ETag of the representation the correction is based on: none → 428, a stale one → 412 with the current ETag. "
                + "The slug stays. The corrected reform is checked as a new one is.");
        return app;
    }

    public static async Task<Results<Ok<IReadOnlyList<RevisionDto>>, ProblemHttpResult>> History(string slug, ReformQueries queries, PartnerQueries partners) =>
        await queries.BySlugAsync(slug) is null
            ? ApiProblems.NotFound("reform", slug)
            : TypedResults.Ok(RevisionDto.List(await partners.HistoryAsync("reform", slug)));

    public static async Task<IResult> Create(HttpContext http, ReformWriteService service, IOptions<PartnerWriteOptions> options)
    {
        var (body, hash) = await http.Request.ReadJsonBodyAsync(options.Value.MaxRecordBytes, "application/json");
        return await service.CreateAsync(http.WriteRequestOf(hash), body);
    }

    public static async Task<IResult> Correct(string slug, HttpContext http, ReformWriteService service, IOptions<PartnerWriteOptions> options)
    {
        var (body, hash) = await http.Request.ReadJsonBodyAsync(options.Value.MaxRecordBytes, "application/merge-patch+json", "application/json");
        return await service.CorrectAsync(http.WriteRequestOf(hash), slug, new Precondition(http.Request.Headers.IfMatch.ToString()), body);
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
            if (row is null || pin?.After(ReformsAtVersion.Type, slug).Any(r => r.Action == "create") == true) return pin?.NotFound(ReformsAtVersion.Type, slug) ?? ApiProblems.NotFound("reform", slug);
            pin?.LinkLatest(http, ReformsAtVersion.Type, slug, $"/api/v1/reforms/{slug}");
            return TypedResults.Ok((await reader.AssembleAsync([row], pin))[0]);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
