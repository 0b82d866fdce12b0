namespace RuianSamples.Api.Common;

/// <summary>
/// A sort from an endpoint's allow-list: the public name, the SQL expression it orders by (a
/// constant of the feature's XxxQueries, never user text) and the direction. Keyset paging
/// continues after (key, id).
/// </summary>
public sealed record SortOption(string Name, string Expression, bool Descending, bool Numeric)
{
    public static IReadOnlyDictionary<string, SortOption> AllowList(params (string Name, string Expression, bool Numeric)[] keys) =>
        keys.SelectMany(k => new[] { new SortOption(k.Name, k.Expression, false, k.Numeric), new SortOption("-" + k.Name, k.Expression, true, k.Numeric) })
            .ToDictionary(s => s.Name, StringComparer.Ordinal);

    public string OrderBy(string idColumn) => Descending ? $"{Expression} DESC, {idColumn} DESC" : $"{Expression}, {idColumn}";

    /// <summary>The keyset condition after the cursor's (key, id); parameters @AfterKey and @AfterId.</summary>
    public string After(string idColumn) => Descending
        ? $"({Expression} < @AfterKey OR ({Expression} = @AfterKey AND {idColumn} < @AfterId))"
        : $"({Expression} > @AfterKey OR ({Expression} = @AfterKey AND {idColumn} > @AfterId))";

    /// <summary>The cursor's key as a typed SQL parameter (text never compares equal to a number in SQLite).</summary>
    public object? KeyParameter(Cursor? cursor) => cursor?.Key is not { } key ? null
        : Numeric ? (long.TryParse(key, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n
            : throw new ApiInputException("invalid-cursor", "cursor", "The cursor is malformed. Use the value of 'next' from a previous page unchanged."))
        : key;

    public static SortOption Read(QueryReader q, IReadOnlyDictionary<string, SortOption> allowed, string fallback) =>
        allowed[q.OneOf("sort", allowed.Keys.ToList()) ?? fallback];
}
