using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Partners;
using RuianSamples.Api.LinkedData;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Sources;

public sealed record SourceList(IReadOnlyList<SourceDto> Items, int TotalCount);

public static class SourceEndpoints
{
    public const string Normalization = "line breaks removed; whitespace between two CJK characters removed";
    public const int MaxContext = 2000;

    public static IEndpointRouteBuilder MapSources(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/sources").WithTags("Sources");
        group.MapGet("", List).WithName("ListSources").WithQuery().ListResponses()
            .WithSummary("The five source documents")
            .WithDescription("Title, publication, byline, date with its precision and how it was inferred, original URL where the text gives one, SHA-256 of the original file, and what the catalog quotes from each.");
        group.MapGet("/{id}", Get).WithName("GetSource").WithQuery(DatasetVersions.Parameter).ItemResponses().WithJsonLd()
            .WithSummary("One source document's manifest, now or as it was at a dataset version")
            .WithDescription("As in the list, for one source id. Unknown id: 404 problem. " + VersionEndpoints.PinnedDescription);
        group.MapGet("/{id}/text", Text).WithName("GetSourceText").WithQuery("offset", "length", "context").ListResponses().ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A source's text, whole or the passage around a quote")
            .WithDescription("Without offset: the whole normalised text (and the original as published). With offset and length (as in a figure's citation.passageUrl): that span, "
                + "with `context` characters (default 120, at most 2000) before and after. Offsets count UTF-16 code units of the normalised text.");
        group.MapGet("/{id}/history", History).WithName("GetSourceHistory").WithQuery().ItemResponses()
            .WithSummary("A source's revisions")
            .WithDescription("The revisions made through the API (a partner's addition), with agency and time. Curated sources (the seeds import) have none.");

        var writes = app.MapPartnerWrites("/api/v1/sources", "Sources", Scopes.SourcesWrite);
        writes.MapPost("", Create).WithName("AddSource").WriteResponses<SourceDto>(201).Accepts<SourceDto>("application/json")
            .WithSummary("Add a source document (partner key with sources:write)")
            .WithDescription("id (a lowercase-hyphen slug chosen by the client), title {zh, en}, publication {zh, en}, byline, date (YYYY, YYYY-MM or YYYY-MM-DD) with datePrecision "
                + "and dateInferred/dateBasis, originalUrl where there is one, and the full text. The text is stored as sent and normalised as the seeds are "
                + "(line breaks dropped, spaces between CJK characters dropped); later figures quote it verbatim. A taken id → 409. → 201 with Location and ETag.");
        return app;
    }

    public static async Task<Results<Ok<SourceList>, ProblemHttpResult>> List(HttpContext http, SourceQueries queries)
    {
        try
        {
            _ = new QueryReader(http.Request);
            var items = (await queries.ListAsync()).Select(SourceDto.From).ToList();
            return TypedResults.Ok(new SourceList(items, items.Count));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<SourceDto>, ProblemHttpResult>> Get(string id, HttpContext http, SourceQueries queries, Figures.FigureQueries figures, DatasetVersions versions,
        ReformsAtVersion reforms)
    {
        try
        {
            var pin = await versions.PinAsync(http);
            var row = await queries.ByIdAsync(id);
            // Sources are added, never corrected, today: at a pinned version one exists or did not yet.
            if (row is null || pin?.After("source", id).Any(r => r.Action == "create") == true) return pin?.NotFound("source", id) ?? ApiProblems.NotFound("source", id);
            var source = SourceDto.From(row);
            if (pin is null) return TypedResults.Ok(source);
            pin.RequireUnchanged("source", id);
            // Its counts as they were: figures added, corrected or retracted since, and reforms added or corrected since, change them.
            return TypedResults.Ok(source with
            {
                Counts = source.Counts with
                {
                    Figures = await figures.CountBySourceAsync(id, source.Counts.Figures, pin),
                    Reforms = await reforms.CountBySourceAsOfAsync(id, source.Counts.Reforms, pin),
                },
            });
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<SourceText>, ProblemHttpResult>> Text(string id, HttpContext http, SourceQueries queries)
    {
        try
        {
            var q = new QueryReader(http.Request, "offset", "length", "context");
            var offset = q.Int("offset", 0, int.MaxValue);
            var length = q.Int("length", 0, 100_000);
            var context = q.Int("context", 0, MaxContext) ?? 120;
            var text = await queries.TextAsync(id);
            if (text is null) return ApiProblems.NotFound("source", id);
            var all = text.Normalized;
            if (offset is null)
            {
                if (length is not null) throw new ApiInputException("invalid-parameter", "length", "length needs offset.");
                return TypedResults.Ok(new SourceText(id, Normalization, all.Length, 0, all, null, null, text.Original));
            }
            if (offset > all.Length) throw new ApiInputException("invalid-parameter", "offset", $"The normalised text has {all.Length} characters.");
            var span = Math.Min(length ?? 0, all.Length - offset.Value);
            var start = Math.Max(0, offset.Value - context);
            var end = Math.Min(all.Length, offset.Value + span + context);
            return TypedResults.Ok(new SourceText(id, Normalization, all.Length, offset.Value, all.Substring(offset.Value, span),
                all[start..offset.Value], all[(offset.Value + span)..end], null));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<IReadOnlyList<RevisionDto>>, ProblemHttpResult>> History(string id, SourceQueries queries, PartnerQueries partners) =>
        await queries.ByIdAsync(id) is null
            ? ApiProblems.NotFound("source", id)
            : TypedResults.Ok(RevisionDto.List(await partners.HistoryAsync("source", id)));

    public static async Task<IResult> Create(HttpContext http, SourceWriteService service)
    {
        // A source carries its whole text: the server's body limit (1 MiB) applies, not the record limit.
        var (body, hash) = await http.Request.ReadJsonBodyAsync(1 << 20, "application/json");
        return await service.CreateAsync(http.WriteRequestOf(hash), body);
    }
}
