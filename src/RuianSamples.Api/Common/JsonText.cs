using System.Text.Json;

namespace RuianSamples.Api.Common;

/// <summary>JSON may escape characters that are not text (\ud800 alone); System.Text.Json then throws when the string is read, so inputs are checked once, up front.</summary>
public static class JsonText
{
    /// <summary>The path of the first string or member name that is not valid Unicode, or null.</summary>
    public static string? FindInvalid(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsText(element) ? null : path;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try { name = member.Name; }
                    catch (InvalidOperationException) { return path + ".<member name>"; }
                    if (FindInvalid(member.Value, path + "." + name) is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                    if (FindInvalid(item, $"{path}[{index++}]") is { } inner) return inner;
                return null;
            default:
                return null;
        }
    }

    private static bool IsText(JsonElement element)
    {
        try
        {
            // NUL is valid Unicode but not text: PostgreSQL's text cannot hold it, and no record does.
            return element.GetString()?.Contains('\0') != true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
