namespace RuianSamples.Api.Data;

/// <summary>Id lists travel as one JSON text parameter read by json_each: the SQL text stays constant whatever the count.</summary>
public static class Json
{
    public static string Array<T>(IEnumerable<T> values) => System.Text.Json.JsonSerializer.Serialize(values.Distinct());
}
