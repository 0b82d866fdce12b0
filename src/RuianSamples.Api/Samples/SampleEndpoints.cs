using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Samples;

public static class SampleEndpoints
{
    public static IEndpointRouteBuilder MapSamples(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/samples").WithTags("Samples");
        group.MapGet("", List).WithName("ListSamples").WithQuery(ListParameters).ListResponses()
            .WithSummary("List the ten practice samples, full records")
            .WithDescription("Each sample with its theme, lead regions, measures, claimed firsts, reforms, figures (each with its verbatim quote and citation) and sources. Filters: theme, region (a county includes its towns). Cursor paging.");
        group.MapGet("/{numberOrSlug}", Get).WithName("GetSample").WithQuery(DatasetVersions.Parameter).ItemResponses()
            .WithSummary("One practice sample by number (1-10) or slug, now or as it was at a dataset version")
            .WithDescription("The full record. An unknown number or slug is a 404 problem. " + VersionEndpoints.PinnedDescription);
        return app;
    }

    public static readonly string[] ListParameters = ["theme", "region", "limit", "cursor"];

    public static async Task<Results<Ok<Page<SampleDto>>, ProblemHttpResult>> List(
        HttpContext http, SampleQueries queries, RegionQueries regions, SampleReader reader, Vocabulary vocabulary)
    {
        try
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
            var items = await reader.AssembleAsync(rows.Take(limit).ToList());
            return TypedResults.Ok(Paging.Create(http, items, rows.Count > limit, limit, total, s => new Cursor(null, s.Number, fingerprint)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
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
