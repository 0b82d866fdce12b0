using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Citations;

/// <summary>Marks a citation operation, for its OpenAPI documentation (per-format content and examples).</summary>
public sealed record CitationOperation(string Type);

public static class CitationEndpoints
{
    public static WebApplicationBuilder AddCitations(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CitationOptions>(builder.Configuration.GetSection(CitationOptions.Section));
        builder.Services.AddSingleton<CitationAccessFactory>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.ConfigureSwaggerGen(o =>
        {
            o.OperationFilter<CitationDocsFilter>();
            o.OperationFilter<LinkedData.JsonLdDocsFilter>();
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapCitations(this IEndpointRouteBuilder app)
    {
        // The citation depends on Accept (format), the host (permanent URL) and the day (access date).
        var group = app.MapGroup("/api/v1").WithTags("Citations").WithMetadata(ResponseVaries.ByAcceptHostAndDay);
        // Each route names its parameter as the record's own route does.
        Document(group.MapGet("/figures/{id}/citation", (string id, HttpContext http, CitationQueries q, CitationAccessFactory a, DatasetVersions v) => Get("figure", id, http, q, a, v)), "figure", "a figure");
        Document(group.MapGet("/samples/{numberOrSlug}/citation", (string numberOrSlug, HttpContext http, CitationQueries q, CitationAccessFactory a, DatasetVersions v) => Get("sample", numberOrSlug, http, q, a, v)), "sample", "a practice sample");
        Document(group.MapGet("/reforms/{slug}/citation", (string slug, HttpContext http, CitationQueries q, CitationAccessFactory a, DatasetVersions v) => Get("reform", slug, http, q, a, v)), "reform", "a reform");
        Document(group.MapGet("/sources/{id}/citation", (string id, HttpContext http, CitationQueries q, CitationAccessFactory a, DatasetVersions v) => Get("source", id, http, q, a, v)), "source", "a source document");
        return app;
    }

    private static void Document(RouteHandlerBuilder route, string type, string title) => route
        .WithName($"Get{char.ToUpperInvariant(type[0])}{type[1..]}Citation").WithQuery("format", DatasetVersions.Parameter)
        .WithMetadata(new CitationOperation(type))
        .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status406NotAcceptable)
        .Produces(StatusCodes.Status304NotModified)
        .WithSummary($"Cite {title}: CSL-JSON, BibTeX, RIS, GB/T 7714 or APA")
        .WithDescription($"The citation of {title}: the source document that states it (title, authors from the byline, publication, date with its precision), "
            + "the verbatim quote in the note, this record's permanent URL (with ?version= of the dataset version it was read at, so it resolves to the text cited), "
            + "the dataset version and today's date as the access date. With version=, the record as it was at that dataset version (see GET /api/v1/versions). "
            + "Choose the format with `format` (csl, bibtex, ris, gbt7714, apa) or with Accept (application/vnd.citationstyles.csl+json, application/x-bibtex, "
            + "application/x-research-info-systems; application/json gives CSL-JSON); `format` wins. Unknown id: 404; no acceptable format: 406.");

    public static async Task<Results<ContentHttpResult, ProblemHttpResult>> Get(
        string type, string key, HttpContext http, CitationQueries queries, CitationAccessFactory access, DatasetVersions versions)
    {
        (CitationFormat Format, string MediaType)? chosen;
        VersionPin? pin;
        try
        {
            var q = new QueryReader(http.Request, "format", DatasetVersions.Parameter);
            pin = await versions.PinAsync(http);
            chosen = q.OneOf("format", CitationFormats.Names) is { } name
                ? (CitationFormats.Named(name)!, CitationFormats.Named(name)!.MediaType)
                : CitationFormats.Negotiate(http.Request.Headers.Accept);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
        if (chosen is not { } negotiated)
            return ApiProblems.Problem("not-acceptable",
                $"A citation is served as {string.Join(", ", CitationFormats.All.Select(f => f.MediaType).Distinct())} or application/json; or choose with format= ({string.Join(", ", CitationFormats.Names)}).");

        CitedRecord? record;
        try
        {
            record = await queries.FindAsync(type, key, pin);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
        if (record is null) return pin?.NotFound(type, key) ?? ApiProblems.NotFound(type, key);
        // Pinned to a version after which the record changed: the current citation, in the format asked for, as a pinned
        // record links its current record.
        pin?.LinkLatest(http, type, record.Key, record.Path + "/citation" + (http.Request.Query.ContainsKey("format") ? "?format=" + Uri.EscapeDataString(http.Request.Query["format"].ToString()) : ""));
        var body = CitationFormats.Render(negotiated.Format, record, access.For(http, pin?.Version));
        return TypedResults.Text(body, negotiated.MediaType + "; charset=utf-8", Encoding.UTF8);
    }
}
