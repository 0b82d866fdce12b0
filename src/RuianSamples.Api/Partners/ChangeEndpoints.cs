using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Partners;

public sealed record Agency(long? KeyId, string Name);

/// <summary>One revision of a record: which, what changed (before → after), who, when and why; position orders the change feed.</summary>
public sealed record RevisionDto(
    long Position, string RecordType, string RecordKey, long Revision, string Action, string At, Agency Agency, string? Comment,
    JsonObject Changes, string DatasetVersion, string Url)
{
    public static RevisionDto From(PartnerQueries.RevisionRow r) => new(r.Position, r.RecordType, r.RecordKey, r.Revision, r.Action, r.CreatedAt,
        new Agency(r.KeyId, r.KeyName), r.Comment, JsonNode.Parse(r.Changes) as JsonObject ?? [], r.DatasetVersion, $"/api/v1/{r.RecordType}s/{r.RecordKey}");

    public static IReadOnlyList<RevisionDto> List(IEnumerable<PartnerQueries.RevisionRow> rows) => rows.Select(From).ToList();
}

/// <summary>A page of the change feed: pass <c>lastPosition</c> back as <c>after</c> (or follow <c>next</c>) until <c>next</c> is null.</summary>
public sealed record ChangePage(IReadOnlyList<RevisionDto> Items, long After, long LastPosition, string? Next);

public sealed record AuditPage(IReadOnlyList<PartnerQueries.AuditRow> Items, long LastId, string? Next);

public static class ChangeEndpoints
{
    public static readonly string[] FeedParameters = ["after", "limit"];

    public static IEndpointRouteBuilder MapChanges(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Changes");
        group.MapGet("/changes", Changes).WithName("ListChanges").WithQuery(FeedParameters).ListResponses()
            .WithSummary("Every revision across the catalog, in commit order")
            .WithDescription("The change feed for mirrors and partner systems: each revision (create, correct, retract) of a source, figure or reform, with the agency, comment "
                + "and the fields changed. Positions only grow and follow commit order, so a client that stores the last position it saw and asks for after=<it> never misses one.");
        group.MapGet("/changes.ndjson", ChangesNdjson).WithName("ListChangesNdjson").WithQuery(FeedParameters).ListResponses()
            .Produces<string>(StatusCodes.Status200OK, "application/x-ndjson")
            .WithSummary("The change feed as NDJSON")
            .WithDescription("The same revisions as /api/v1/changes, one JSON object per line (no envelope); the last line's position is the next `after`.");
        group.MapGet("/audit", Audit).WithName("ListAudit").WithQuery(FeedParameters)
            .RequireAuthorization(Scopes.AuditRead).WithMetadata(new StreamedResponseAttribute()) // never served from the shared response cache
            .Produces<AuditPage>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .WithSummary("The audit log (key with audit:read)")
            .WithDescription("Every partner write and every refused write (400, 401, 403, 404, 409, 412, 413, 415, 422, 428, 429): time, key, method, route, status, outcome and why.");
        return app;
    }

    private static (long After, int Limit) Read(HttpRequest request)
    {
        var q = new QueryReader(request, FeedParameters);
        return (q.Int("after", 0, int.MaxValue) ?? 0, q.Limit());
    }

    public static async Task<Results<Ok<ChangePage>, ProblemHttpResult>> Changes(HttpContext http, PartnerQueries queries)
    {
        try
        {
            var (after, limit) = Read(http.Request);
            var items = RevisionDto.List(await queries.ChangesAsync(after, limit));
            var last = items.Count > 0 ? items[^1].Position : after;
            return TypedResults.Ok(new ChangePage(items, after, last, items.Count == limit ? $"/api/v1/changes?after={last}&limit={limit}" : null));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<IResult> ChangesNdjson(HttpContext http, PartnerQueries queries, IOptions<JsonOptions> json)
    {
        try
        {
            var (after, limit) = Read(http.Request);
            var lines = (await queries.ChangesAsync(after, limit)).Select(r => JsonSerializer.Serialize(RevisionDto.From(r), json.Value.SerializerOptions) + "\n");
            return Results.Text(string.Concat(lines), "application/x-ndjson; charset=utf-8");
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> Audit(HttpContext http, PartnerQueries queries)
    {
        try
        {
            var (after, limit) = Read(http.Request);
            var items = await queries.AuditAsync(after, limit);
            var last = items.Count > 0 ? items[^1].Id : after;
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new AuditPage(items, last, items.Count == limit ? $"/api/v1/audit?after={last}&limit={limit}" : null));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
