using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Partners;
using RuianSamples.Api.LinkedData;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Figures;

public static class FigureEndpoints
{
    /// <summary>The parameters that choose figures (the list's, without sort and paging): the export of figures takes them too.</summary>
    public static readonly string[] FilterParameters = ["theme", "region", "year", "yearFrom", "yearTo", "kind", "sample", "reform", "source", "subjectType", "include"];

    public static readonly string[] ListParameters = [.. FilterParameters, "sort", "facets", "limit", "cursor"];

    public static IEndpointRouteBuilder MapFigures(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/figures").WithTags("Figures");
        group.MapGet("", List).WithName("ListFigures").WithQuery(ListParameters).ListResponses()
            .WithSummary("List figures (observations), each with its citation")
            .WithDescription("Filters: theme (of the figure's sample or reform), region (slug or code; a county includes its towns), year or yearFrom/yearTo (the figure's period), "
                + "kind, sample (1-10), reform (slug), source, subjectType (sample, reform, region). Sort: id (default), year, baseValue, each with '-' for descending. "
                + "Cursor paging (limit ≤ 100). facets=true adds counts by region, year and kind.");
        group.MapGet("/{id}", Get).WithName("GetFigure").WithQuery(DatasetVersions.Parameter).ItemResponses().WithJsonLd()
            .WithSummary("One figure by id (e.g. f001-018), now or as it was at a dataset version")
            .WithDescription("Value as written and in base units, unit, qualifier, period (with the inferred flag and how), baseline and change, kind, region, and a citation: source, verbatim quote, a link to the passage, and a ready-to-cite line in Chinese and English. "
                + VersionEndpoints.PinnedDescription);
        group.MapGet("/{id}/history", History).WithName("GetFigureHistory").WithQuery().ItemResponses()
            .WithSummary("A figure's revisions: who changed what, when and why")
            .WithDescription("Every revision made through the API, oldest first: revision number, time, the agency's key (id and name), its comment, and the fields changed (before → after). "
                + "Revision 1 of a curated figure is the seeds import and has no entry.");

        var writes = app.MapPartnerWrites("/api/v1/figures", "Figures", Scopes.FiguresWrite);
        writes.MapPost("", Create).WithName("CreateFigure").WriteResponses<FigureDto>(201)
            .Accepts<FigureDto>("application/json")
            .WithSummary("Add a figure (partner key with figures:write)")
            .WithDescription("The body has the fields of a figure as GET returns it; a GET representation is a valid body (server-computed members such as id, url, baseValue, "
                + "names, passageUrl and cite lines are ignored; any other unknown member is a 422). Provenance is checked as for the curated seeds: the quote must be verbatim in "
                + "the normalised source text, valueText must appear in the quote, the region must exist and lie within the key's regions, the subject must resolve. "
                + "Idempotency-Key: a retry with the same key and body returns the first answer and writes nothing. → 201 with Location and ETag.");
        writes.MapPatch("/{id}", Correct).WithName("CorrectFigure").WriteResponses<FigureDto>(200, conditional: true)
            .Accepts<FigureDto>("application/merge-patch+json")
            .WithSummary("Correct a figure (JSON merge patch, If-Match required)")
            .WithDescription("RFC 7396 merge patch of the figure's fields, plus a required `comment` (why), stored on the revision. If-Match must carry the ETag of the revision "
                + "the correction is based on: none → 428, a stale one → 412 with the current ETag. The corrected figure is checked as a new one is.");
        writes.MapPost("/{id}/retraction", Retract).WithName("RetractFigure").WriteResponses<FigureDto>(200, conditional: true)
            .Accepts<RetractionRequest>("application/json")
            .WithSummary("Retract a figure (If-Match required)")
            .WithDescription("Body { \"comment\": \"why\" }. The figure is never deleted: lists and exports leave it out (unless include=retracted), its URL still answers with "
                + "`retraction` saying when, by which agency and why.");
        return app;
    }

    public static async Task<Results<Ok<Page<FigureDto>>, ProblemHttpResult>> List(
        HttpContext http, FigureQueries queries, RegionQueries regions, ReformQueries reforms, Vocabulary vocabulary)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var (filter, key) = await ReadFilterAsync(q, regions, reforms, vocabulary);
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
    public static async Task<(FigureQueries.Filter Filter, object?[] Key)> ReadFilterAsync(QueryReader q, RegionQueries regions, ReformQueries reforms, Vocabulary vocabulary)
    {
        var theme = Filters.Theme("theme", q.String("theme"), vocabulary);
        var region = await regions.ResolveFilterAsync("region", q.String("region"));
        var years = Filters.YearsOrUnknown(q);
        var (from, to) = (years.From, years.To);
        var kind = Filters.FigureKind("kind", q.String("kind"), vocabulary);
        var sample = Filters.Sample("sample", q.Int("sample", int.MinValue, int.MaxValue));
        var reform = q.String("reform");
        // An unknown reform is a mistake to report (as an unknown region, theme or source is), not an empty page.
        if (reform is not null && await reforms.BySlugAsync(reform) is null)
            throw new ApiInputException("invalid-parameter", "reform", $"No reform has the slug '{(reform.Length > 30 ? reform[..30] + "…" : reform)}'. See /api/v1/reforms.");
        var source = Filters.Source("source", q.String("source"), vocabulary);
        var subjectType = Validate.OneOf("subjectType", q.String("subjectType"), Vocabulary.SubjectTypes);
        var includeRetracted = Validate.OneOf("include", q.String("include"), ["retracted"]) is not null;
        return (new FigureQueries.Filter(theme, region?.Path, from, to, kind, sample, reform, source, subjectType, includeRetracted, years.Unknown),
            [theme, region?.Slug, years.FromKey, to, kind, sample, reform, source, subjectType, includeRetracted]);
    }

    public static async Task<Results<Ok<FigureDto>, ProblemHttpResult>> Get(string id, HttpContext http, FigureQueries queries, DatasetVersions versions)
    {
        try
        {
            var pin = await versions.PinAsync(http);
            var row = await queries.ByKeyAsync(id, pin);
            if (row is null) return pin?.NotFound("figure", id) ?? ApiProblems.NotFound("figure", id);
            pin?.LinkLatest(http, "figure", id, $"/api/v1/figures/{id}");
            return TypedResults.Ok(FigureDto.From(row));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<RevisionDto>>, ProblemHttpResult>> History(string id, FigureQueries queries, PartnerQueries partners) =>
        await queries.ByKeyAsync(id) is null
            ? ApiProblems.NotFound("figure", id)
            : TypedResults.Ok(RevisionDto.List(await partners.HistoryAsync("figure", id)));

    public static async Task<IResult> Create(HttpContext http, FigureWriteService service, Microsoft.Extensions.Options.IOptions<PartnerWriteOptions> options)
    {
        var (body, hash) = await http.Request.ReadJsonBodyAsync(options.Value.MaxRecordBytes, "application/json");
        return await service.CreateAsync(http.WriteRequestOf(hash), body);
    }

    public static async Task<IResult> Correct(string id, HttpContext http, FigureWriteService service, Microsoft.Extensions.Options.IOptions<PartnerWriteOptions> options)
    {
        var (body, hash) = await http.Request.ReadJsonBodyAsync(options.Value.MaxRecordBytes, "application/merge-patch+json", "application/json");
        return await service.CorrectAsync(http.WriteRequestOf(hash), id, new Precondition(http.Request.Headers.IfMatch.ToString()), body);
    }

    public static async Task<IResult> Retract(string id, HttpContext http, FigureWriteService service, Microsoft.Extensions.Options.IOptions<PartnerWriteOptions> options)
    {
        var (body, hash) = await http.Request.ReadJsonBodyAsync(options.Value.MaxRecordBytes, "application/json");
        return await service.RetractAsync(http.WriteRequestOf(hash), id, new Precondition(http.Request.Headers.IfMatch.ToString()), body);
    }
}

/// <summary>The body of a retraction.</summary>
public sealed record RetractionRequest(string Comment);
