namespace RuianSamples.Api.Data;

/// <summary>Lists stored as JSON text (a key's regions and scopes; the search index's filters).</summary>
public static class Json
{
    public static string Array<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values.Distinct());
}

/// <summary>
/// List parameters: <c>WHERE id IN @Ids</c> with <c>new { Ids = SqlList.Of(ids) }</c>. Dapper expands
/// the list into one parameter per value on both engines (see PortableConnection for PostgreSQL), and
/// an empty list into a condition that is false.
/// </summary>
public static class SqlList
{
    public static T[] Of<T>(IEnumerable<T> values) => values.Distinct().ToArray();
}
