using GraphQL.Types.Relay.DataObjects;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.GraphQL;

/// <summary>Relay connections over the REST list queries (same keyset cursors, same fingerprints, same limits).</summary>
public static class Connections
{
    /// <summary>`first` has REST's limits (1-100, default 20) and messages.</summary>
    public static int First(int? first) => Validate.Limit("first", first);

    public static Cursor? After(string? after, string fingerprint) => Cursor.Decode(after, fingerprint, "after");

    public static Connection<TOut> Map<TIn, TOut>(Connection<TIn> connection, Func<TIn, TOut> map) => new()
    {
        TotalCount = connection.TotalCount,
        PageInfo = connection.PageInfo,
        Edges = connection.Edges!.Select(e => new Edge<TOut> { Cursor = e.Cursor, Node = map(e.Node!) }).ToList(),
    };

    /// <summary>Builds a connection from a query that fetched one row more than the page, to know whether another page follows.</summary>
    public static Connection<T> Create<T>(IReadOnlyList<T> rowsPlusOne, int first, int totalCount, Func<T, Cursor> cursorOf)
    {
        var hasNext = rowsPlusOne.Count > first;
        var edges = rowsPlusOne.Take(first).Select(r => new Edge<T> { Node = r, Cursor = cursorOf(r).Encode() }).ToList();
        return new Connection<T>
        {
            TotalCount = totalCount,
            Edges = edges,
            PageInfo = new PageInfo
            {
                HasNextPage = hasNext,
                HasPreviousPage = false, // forward paging only (first/after)
                StartCursor = edges.FirstOrDefault()?.Cursor,
                EndCursor = edges.LastOrDefault()?.Cursor,
            },
        };
    }
}
