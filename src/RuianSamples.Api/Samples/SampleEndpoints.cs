using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Materialised;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Samples;

public static class SampleEndpoints
{
    public static IEndpointRouteBuilder MapSamples(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/samples").WithTags("Samples");
        group.MapGet("", ListJson).WithName("ListSamples").WithQuery(ListParameters).ListResponses().WithSummaryView<SampleSummary>()
            .WithSummary("List the ten practice samples, full records")
            .WithDescription("Each sample with its theme, lead regions, measures, claimed firsts, reforms, figures (each with its verbatim quote and citation) and sources. Filters: theme, region (a county includes its towns). Cursor paging.");
        group.MapGet("/{numberOrSlug}", GetJson).WithName("GetSample").WithQuery(DatasetVersions.Parameter).ItemResponses()
            .WithSummary("One practice sample by number (1-10) or slug, now or as it was at a dataset version")
            .WithDescription("The full record. An unknown number or slug is a 404 problem. " + VersionEndpoints.PinnedDescription);
        return app;
    }

    public static readonly string[] ListParameters = ["theme", "region", "view", "limit", "cursor"];

    /// <summary>One page's rows, total and cursors under the request's filters (shared by the JSON and the page renderings).</summary>
    private sealed record Selection(IReadOnlyList<SampleRow> Rows, bool HasMore, int Limit, int Total, string Fingerprint)
    {
        public Cursor CursorOf(int number) => new(null, number, Fingerprint);
    }

    private static async Task<Selection> SelectAsync(HttpContext http, SampleQueries queries, RegionQueries regions, Vocabulary vocabulary)
    {
        var q = new QueryReader(http.Request, ListParameters);
        var theme = Filters.Theme("theme", q.String("theme"), vocabulary);
        var region = await regions.ResolveFilterAsync("region", q.String("region"));
        var limit = q.Limit();
        var fingerprint = Cursor.FingerprintOf("samples", theme, region?.Slug);
        var cursor = Cursor.Decode(q.String("cursor", 512), fingerprint);
        var filter = new SampleQueries.Filter(theme, region?.Slug, region?.Path);
        var rows = await queries.ListAsync(filter, (int)(cursor?.Id ?? 0), limit + 1);
        var total = await queries.CountAsync(filter);
        return new Selection(rows.Take(limit).ToList(), rows.Count > limit, limit, total, fingerprint);
    }

    /// <summary>The home page's cards: the page GET /api/v1/samples selects for the request, each sample with its headline figure only.</summary>
    public static async Task<IReadOnlyList<SampleDto>> CardsAsync(HttpContext http, SampleQueries queries, RegionQueries regions, SampleReader reader, Vocabulary vocabulary) =>
        reader.AssembleCards((await SelectAsync(http, queries, regions, vocabulary)).Rows);

    public static async Task<Results<Ok<Page<SampleDto>>, ProblemHttpResult>> List(
        HttpContext http, SampleQueries queries, RegionQueries regions, SampleReader reader, Vocabulary vocabulary)
    {
        try
        {
            var page = await SelectAsync(http, queries, regions, vocabulary);
            var items = await reader.AssembleAsync(page.Rows);
            return TypedResults.Ok(Paging.Create(http, items, page.HasMore, page.Limit, page.Total, s => page.CursorOf(s.Number)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    // REST: the page composed of the records' stored documents when each has one; otherwise as List. (A comment, not a
    // summary: Swashbuckle would take a summary for the operation's.)
    public static async Task<Results<Ok<Page<SampleDto>>, StoredJson, ProblemHttpResult>> ListJson(
        HttpContext http, SampleQueries queries, RegionQueries regions, SampleReader reader, RecordDocumentQueries documents, Vocabulary vocabulary)
    {
        try
        {
            var summary = ListViews.IsSummary(new QueryReader(http.Request, ListParameters));
            var page = await SelectAsync(http, queries, regions, vocabulary);
            if (summary)
                return StoredJson.Of(Paging.Create(http, page.Rows.Select(SampleSummary.From).ToList(), page.HasMore, page.Limit, page.Total, s => page.CursorOf(s.Number)));
            if (documents.Page(RecordDocuments.Sample, page.Rows, r => RecordDocuments.Key((int)r.Number)) is { } stored)
                return StoredJson.Of(Paging.Create(http, stored, page.HasMore, page.Limit, page.Total, r => page.CursorOf(RecordDocuments.Number(r.Key))));
            return TypedResults.Ok(Paging.Create(http, await reader.AssembleAsync(page.Rows), page.HasMore, page.Limit, page.Total, s => page.CursorOf(s.Number)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    // REST: now (not pinned), the record's stored document (one lookup); otherwise as Get.
    public static async Task<Results<Ok<SampleDto>, StoredJson, ProblemHttpResult>> GetJson(string numberOrSlug, HttpContext http, SampleQueries queries, SampleReader reader,
        RecordDocumentQueries documents, DatasetVersions versions)
    {
        if (!DatasetVersions.IsPinned(http) && documents.Find(RecordDocuments.Sample, numberOrSlug) is { } stored) return new StoredJson(stored);
        return (await Get(numberOrSlug, http, queries, reader, versions)).Result switch
        {
            Ok<SampleDto> ok => ok,
            var other => (ProblemHttpResult)other,
        };
    }

    public static async Task<Results<Ok<SampleDto>, ProblemHttpResult>> Get(string numberOrSlug, HttpContext http, SampleQueries queries, SampleReader reader, DatasetVersions versions)
    {
        try
        {
            var pin = await versions.PinAsync(http);
            var row = await queries.FindAsync(numberOrSlug);
            if (row is null) return ApiProblems.NotFound("sample", numberOrSlug);
            return TypedResults.Ok((await reader.AssembleAsync([row], pin))[0]);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
