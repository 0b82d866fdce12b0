namespace RuianSamples.Api.Common;

/// <summary>One page of a list: the items, the total under the current filter, and the cursor of the next page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int TotalCount, int Limit, string? Next, PageLinks Links, IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>? Facets = null);

public sealed record PageLinks(string Self, string? Next);

public sealed record FacetCount(string Value, Label? Label, int Count);

public static class Paging
{
    /// <summary>Builds the page and sets the RFC 8288 Link header for the next page.</summary>
    public static Page<T> Create<T>(HttpContext http, IReadOnlyList<T> items, bool hasMore, int limit, int total, Func<T, Cursor> cursorOf,
        IReadOnlyDictionary<string, IReadOnlyList<FacetCount>>? facets = null)
    {
        var next = hasMore ? cursorOf(items[^1]).Encode() : null;
        var self = http.Request.Path + http.Request.QueryString;
        string? nextUrl = null;
        if (next is not null)
        {
            var query = http.Request.Query.Where(q => q.Key != "cursor").Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))
                .Append(new("cursor", next));
            nextUrl = http.Request.Path + QueryString.Create(query);
            http.Response.Headers.Append("Link", $"<{nextUrl}>; rel=\"next\"");
        }
        return new Page<T>(items, total, limit, next, new PageLinks(self, nextUrl), facets);
    }
}
