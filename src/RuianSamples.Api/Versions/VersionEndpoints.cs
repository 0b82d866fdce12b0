using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Partners;

namespace RuianSamples.Api.Versions;

/// <summary>One revision a version holds: which record, what was done, by which agency, and the record as it was then.</summary>
public sealed record VersionChange(string RecordType, string RecordKey, long Revision, string Action, Agency Agency, string? Comment, IReadOnlyList<string> Fields, string Url);

/// <summary>
/// One dataset version: what made it (the first import, a re-import, or a partner write), when (where
/// that was recorded), its revisions, and whether records can be read back at it (<c>?version=</c>).
/// </summary>
public sealed record DatasetVersionDto(string Version, string Made, string? At, int Changes, IReadOnlyList<VersionChange> Revisions, bool Readable);

public static class VersionEndpoints
{
    /// <summary>The sentence every pinnable record read adds to its OpenAPI description.</summary>
    public const string PinnedDescription =
        "With version=<dataset version> (see GET /api/v1/versions) the record is answered as it was at that version, rebuilt from the partner revisions "
        + "since (corrections undone, retractions since undone, later figures left out), byte for byte what was served then, as an immutable response; "
        + "a Link rel=\"latest-version\" points to the current record when it changed. A malformed version is a 400; a version newer than the current one, "
        + "or older than the import that stands (a re-import replaces every record), is a 404 (version-not-found); a record created after it, a 404.";

    public static readonly string[] ListParameters = ["limit", "cursor"];

    public static WebApplicationBuilder AddVersions(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DatasetVersions>();
        builder.Services.AddSingleton<ReformsAtVersion>();
        builder.Services.AddSingleton<PinnedGraph>();
        return builder;
    }

    public static IEndpointRouteBuilder MapVersions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Versions");
        group.MapGet("/versions", List).WithName("ListVersions").WithQuery(ListParameters).ListResponses()
            .WithSummary("The dataset versions, newest first: what made each, when, and what changed")
            .WithDescription("Every dataset version from the current one back to the first import: `made` is `import` (the first), `reimport` (seeds imported again: "
                + "every record replaced) or `partner-write` (one revision by a partner agency, listed with its record, action, agency, comment and the fields changed). "
                + "`at` is the time of a partner write, or of the import that stands; the database keeps no time for earlier imports (null). `readable`: records can be "
                + "read back at this version with ?version= (versions from the import that stands on; a re-import resets history). Cursor paging (limit ≤ 100).");
        return app;
    }

    public static async Task<Results<Ok<Page<DatasetVersionDto>>, ProblemHttpResult>> List(HttpContext http, DatasetVersions versions)
    {
        try
        {
            var q = new QueryReader(http.Request, ListParameters);
            var limit = q.Limit();
            var cursor = Cursor.Decode(q.String("cursor", 512), DatasetVersions.Fingerprint);
            var (items, total) = await versions.ListAsync(limit + 1, cursor);
            return TypedResults.Ok(Paging.Create(http, items.Take(limit).ToList(), items.Count > limit, limit, total, DatasetVersions.CursorOf));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
