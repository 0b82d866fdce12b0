using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Search;

public static class SearchEndpoints
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", Search).WithTags("Search").WithName("Search").WithQuery(Parameters).ListResponses()
            .WithSummary("Search the whole catalog in Chinese or English")
            .WithDescription("""
                Samples, reforms, figures, regions, milestones, honors and passages of the source texts, ranked by BM25 (a title
                match weighs 10 times a text match). Records first, evidence beneath: by default (group=true, no type) each hit is
                a record (sample, reform, region, source, or an event of its own) with its best matching evidence (figures with
                their values, events, passages) and a count of further matches; match says why it is there (name, record,
                evidence), and records whose own title or text matches come before those only their evidence mentions.
                group=false, or a type filter, gives every matching record in one flat list. q is text, never query syntax: several words must all match, "a quoted
                phrase" matches as a phrase, Chinese of any length matches (医保, 侨家乐), English is stemmed and case-folded,
                Rui'an = Ruian. Snippets mark matches with « and » and give UTF-16 offsets. Filters: type (comma-separated),
                theme, region (a county includes its towns), sample, year. facets.type counts the hits per type under the other
                filters. Cursor paging.
                """);
        return app;
    }

    public static readonly string[] Parameters = ["q", "type", "theme", "region", "sample", "year", "group", "limit", "cursor"];

    public static async Task<Results<Ok<Page<SearchHit>>, ProblemHttpResult>> Search(HttpContext http, SearchService search)
    {
        try
        {
            var q = new QueryReader(http.Request, Parameters);
            var query = http.Request.Query["q"].ToString();
            var type = q.String("type", 200);
            var request = new SearchRequest(
                query,
                type?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                q.String("theme"),
                q.String("region"),
                q.Int("sample", 1, 10),
                q.Int("year", Filters.MinYear, Filters.MaxYear),
                q.Limit(),
                q.String("cursor", 512),
                q.OneOf("group", ["true", "false"]) != "false");
            var result = await search.SearchAsync(request);
            return TypedResults.Ok(Paging.Create(http, result.Items, result.NextCursor is not null, request.Limit, result.TotalCount, _ => result.NextCursor!,
                new Dictionary<string, IReadOnlyList<FacetCount>> { ["type"] = result.TypeFacets }));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
