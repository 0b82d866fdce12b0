using Microsoft.AspNetCore.Http.HttpResults;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Search;

/// <summary>Suggestions for a search box.</summary>
/// <param name="Items">Records whose titles complete or contain what was typed, at most limit.</param>
public sealed record SuggestPage(IReadOnlyList<SearchSuggestion> Items);

public static class SearchEndpoints
{
    public static WebApplicationBuilder AddSearch(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SearchService>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/search", Search).WithTags("Search").WithName("Search").WithQuery(Parameters).Produces<SearchResultsPage>().ListResponses()
            .WithSummary("Search the whole catalog in Chinese or English")
            .WithDescription("""
                Samples, reforms, figures, regions, milestones, honors and passages of the source texts, ranked by BM25 (a title
                match weighs 10 times a text match). Records first, evidence beneath: by default (group=true, no type) each hit is
                a record (sample, reform, region, source, or an event of its own) with its best matching evidence (figures with
                their values, events, passages) and a count of further matches; match says why it is there (name, record,
                evidence), and records whose own title or text matches come before those only their evidence mentions.
                group=false, or a type filter, gives every matching record in one flat list. Query understanding: a place in
                the query (瑞安 医保, Ruian childcare) keeps records of that place, its towns and the places containing it; a
                year (2021 托育) keeps that period; 样本八 / sample 8 names the sample; each such filter is listed in applied,
                and literal=true searches every word as text instead. Traditional characters find simplified text (醫保);
                a few synonyms widen a word (childcare/nursery/托育). A search that finds nothing returns suggestions. q is text, never query syntax: several words must all match, "a quoted
                phrase" matches as a phrase, Chinese of any length matches (医保, 侨家乐), English is stemmed and case-folded,
                Rui'an = Ruian. Snippets mark matches with « and » and give UTF-16 offsets. Filters: type (comma-separated),
                theme, region (a county includes its towns), sample, year. facets.type counts the hits per type under the other
                filters. Cursor paging.
                """);
        app.MapGet("/api/v1/search/suggest", Suggest).WithTags("Search").WithName("SearchSuggest").WithQuery(SuggestParameters).ListResponses()
            .WithSummary("Complete what is being typed into a search box")
            .WithDescription("""
                Titles of practice samples, reforms, regions and themes that complete or contain q, from the first character:
                Chinese anywhere in the title (医 → 医保纾困 …), English words as typed with the last one as a prefix (chil →
                childcare); traditional characters are read as simplified. Themes first, then samples, places and reforms,
                shorter titles first; each with its type, id and URL. limit: 1-10 (default 10).
                """);
        return app;
    }

    public static readonly string[] Parameters = ["q", "type", "theme", "region", "sample", "year", "group", "literal", "limit", "cursor"];

    public static readonly string[] SuggestParameters = ["q", "limit"];

    public static async Task<Results<Ok<SuggestPage>, ProblemHttpResult>> Suggest(HttpContext http, SearchService search)
    {
        try
        {
            var q = new QueryReader(http.Request, SuggestParameters);
            var limit = q.Int("limit", 1, SearchService.MaxSuggestions) ?? SearchService.MaxSuggestions;
            return TypedResults.Ok(new SuggestPage(await search.SuggestAsync(http.Request.Query["q"].ToString(), limit)));
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }

    public static async Task<Results<JsonHttpResult<SearchResultsPage>, ProblemHttpResult>> Search(HttpContext http, SearchService search)
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
                q.OneOf("group", ["true", "false"]) != "false",
                q.OneOf("literal", ["true", "false"]) == "true");
            var result = await search.SearchAsync(request);
            var suggestions = result.TotalCount == 0 ? await search.NothingFoundAsync(request, result) : [];
            var page = Paging.Create(http, result.Items, result.NextCursor is not null, request.Limit, result.TotalCount, _ => result.NextCursor!,
                new Dictionary<string, IReadOnlyList<FacetCount>> { ["type"] = result.TypeFacets });
            // Hits written by SearchJson (the same bytes as the API's serializer, with less work per hit).
            return TypedResults.Json(new SearchResultsPage(page.Items, page.TotalCount, page.Limit, page.Next, page.Links, page.Facets, result.Applied, result.Relaxed, suggestions),
                SearchJson.Options);
        }
        catch (ApiInputException e)
        {
            return e.ToProblem();
        }
    }
}
