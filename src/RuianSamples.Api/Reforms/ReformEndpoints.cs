using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Common;
using RuianSamples.Api.Materialised;
using RuianSamples.Api.Partners;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Reforms;

public static class ReformEndpoints
{
    public static readonly string[] ListParameters = ["theme", "region", "year", "yearFrom", "yearTo", "pilotLevel", "sample", "source", "sort", "facets", "view", "limit", "cursor"];

    public static IEndpointRouteBuilder MapReforms(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/reforms").WithTags("Reforms");
        group.MapGet("", ListJson).WithName("ListReforms").WithQuery(ListParameters).ListResponses().WithSummaryView<ReformSummary>()
            .WithSummary("List reforms and initiatives, full records")
            .WithDescription("Filters: theme, region (slug or code; a county includes its towns), year or yearFrom/yearTo (start year), pilotLevel, sample (1-10), source. "
                + "Sort: id (default), slug, startYear, each with a leading '-' for descending. Cursor paging (limit ≤ 100). facets=true adds counts by theme, region and year.");
        group.MapGet("/{slug}", GetJson).WithName("GetReform").WithQuery(DatasetVersions.Parameter).ItemResponses()
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
                + "the normalised text of its source (sourceId, or a first's own sourceId), an inferred start year or theme list needs its basis (startYear.basis, themesBasis: how it "
                + "was inferred), the region must exist and lie within the key's regions, themes and samples must exist. "
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

    /// <summary>One page's rows, total, facets and cursors under the request's filters (shared by the JSON and the page renderings).</summary>
    private sealed record Selection<TRow>(IReadOnlyList<TRow> Rows, bool HasMore, int Limit, int Total, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>? Facets,
        IReadOnlyDictionary<string, Cursor> Cursors);

    private static Task<Selection<ReformRow>> SelectAsync(HttpContext http, ReformQueries queries, RegionQueries regions, Vocabulary vocabulary) =>
        SelectAsync(http, queries, regions, vocabulary, queries.ListAsync, r => (r.Slug, r.SortKey, r.Id));

    /// <summary>The list's filters, sort, cursor and page, read by <paramref name="list"/> (full rows, or the stored documents' keys and bodies).</summary>
    private static async Task<Selection<TRow>> SelectAsync<TRow>(HttpContext http, ReformQueries queries, RegionQueries regions, Vocabulary vocabulary,
        Func<ReformQueries.Filter, SortOption, Cursor?, int, Task<IReadOnlyList<TRow>>> list, Func<TRow, (string Slug, string? SortKey, long Id)> keyOf)
    {
        var q = new QueryReader(http.Request, ListParameters);
        var theme = Filters.Theme("theme", q.String("theme"), vocabulary);
        var region = await regions.ResolveFilterAsync("region", q.String("region"));
        var years = Filters.YearsOrUnknown(q);
        var (from, to) = (years.From, years.To);
        var pilotLevel = Filters.PilotLevel("pilotLevel", q.String("pilotLevel"));
        var sample = Filters.Sample("sample", q.Int("sample", int.MinValue, int.MaxValue));
        var source = Filters.Source("source", q.String("source"), vocabulary);
        var sort = SortOption.Read(q, ReformQueries.Sorts, "id");
        var facets = Filters.Facets(q);
        var limit = q.Limit();
        var fingerprint = Cursor.FingerprintOf("reforms", theme, region?.Slug, years.FromKey, to, pilotLevel, sample, source, sort.Name);
        var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);
        var filter = new ReformQueries.Filter(theme, region?.Path, from, to, pilotLevel, sample, source, years.Unknown);
        var rows = await list(filter, sort, cursor, limit + 1);
        var total = await queries.CountAsync(filter);
        var facetCounts = facets ? FacetRow.Group(await queries.FacetsAsync(filter)) : null;
        var cursors = rows.Select(keyOf).ToDictionary(k => k.Slug, k => new Cursor(k.SortKey, k.Id, fingerprint), StringComparer.Ordinal);
        return new Selection<TRow>(rows.Take(limit).ToList(), rows.Count > limit, limit, total, facetCounts, cursors);
    }

    public static async Task<Results<Ok<Page<ReformDto>>, ProblemHttpResult>> List(
        HttpContext http, ReformQueries queries, RegionQueries regions, ReformReader reader, Vocabulary vocabulary)
    {
        try
        {
            var page = await SelectAsync(http, queries, regions, vocabulary);
            var items = await reader.AssembleAsync(page.Rows);
            return TypedResults.Ok(Paging.Create(http, items, page.HasMore, page.Limit, page.Total, r => page.Cursors[r.Slug], page.Facets));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    // REST: the page composed of the records' stored documents when each has one; otherwise as List. (A comment, not a
    // summary: Swashbuckle would take a summary for the operation's.)
    public static async Task<Results<Ok<Page<ReformDto>>, StoredJson, ProblemHttpResult>> ListJson(
        HttpContext http, ReformQueries queries, RegionQueries regions, ReformReader reader, Vocabulary vocabulary)
    {
        try
        {
            if (ListViews.IsSummary(new QueryReader(http.Request, ListParameters)))
            {
                var rows = await SelectAsync(http, queries, regions, vocabulary);
                return StoredJson.Of(Paging.Create(http, rows.Rows.Select(ReformSummary.From).ToList(), rows.HasMore, rows.Limit, rows.Total, r => rows.Cursors[r.Slug], rows.Facets));
            }
            // Full records: the page's keys and stored documents in one statement (issue 17), unless a record has none.
            var stored = await SelectAsync(http, queries, regions, vocabulary, queries.ListDocumentsAsync, d => (d.Slug, d.SortKey, d.Id));
            if (stored.Rows.All(d => d.Body is not null))
                return StoredJson.Of(Paging.Create(http, stored.Rows.Select(d => new RawRecord(d.Slug, d.Body!)).ToList(), stored.HasMore, stored.Limit, stored.Total,
                    r => stored.Cursors[r.Key], stored.Facets));
            var page = await SelectAsync(http, queries, regions, vocabulary);
            return TypedResults.Ok(Paging.Create(http, await reader.AssembleAsync(page.Rows), page.HasMore, page.Limit, page.Total, r => page.Cursors[r.Slug], page.Facets));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    // REST: now (not pinned), the record's stored document (one lookup); otherwise as Get.
    public static async Task<Results<Ok<ReformDto>, StoredJson, ProblemHttpResult>> GetJson(string slug, HttpContext http, ReformQueries queries, ReformReader reader,
        RecordDocumentQueries documents, DatasetVersions versions)
    {
        if (!DatasetVersions.IsPinned(http) && documents.Find(RecordDocuments.Reform, slug) is { } stored) return new StoredJson(stored);
        return (await Get(slug, http, queries, reader, versions)).Result switch
        {
            Ok<ReformDto> ok => ok,
            var other => (ProblemHttpResult)other,
        };
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
