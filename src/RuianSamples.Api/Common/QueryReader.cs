using System.Globalization;

namespace RuianSamples.Api.Common;

/// <summary>
/// Reads list parameters from the query string with one set of rules and messages, so REST and
/// GraphQL (which calls the same validators) refuse the same input the same way.
/// </summary>
public sealed class QueryReader
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    private static readonly string[] Always = ["pretty"];
    private readonly IQueryCollection _query;

    public QueryReader(HttpRequest request, params string[] allowed)
    {
        _query = request.Query;
        var unknown = _query.Keys.Where(k => !allowed.Contains(k, StringComparer.Ordinal) && !Always.Contains(k, StringComparer.Ordinal)).ToList();
        if (unknown.Count > 0)
            throw new ApiInputException("unknown-parameter", unknown[0],
                $"Unknown query parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}. Allowed: {string.Join(", ", allowed.Concat(Always))}.")
            { Unknown = unknown, Allowed = [.. allowed, .. Always] };
        foreach (var key in _query.Keys)
            if (_query[key].Count > 1) throw new ApiInputException("invalid-parameter", key, "Give this parameter once.");
    }

    public string? String(string name, int maxLength = 100)
    {
        var value = _query[name].ToString();
        if (value.Length == 0) return null;
        if (value.Length > maxLength) throw new ApiInputException("invalid-parameter", name, $"At most {maxLength} characters.");
        return value;
    }

    public int Limit() => Int("limit", 1, MaxLimit) ?? DefaultLimit;

    public int? Int(string name, int min, int max)
    {
        var text = String(name, 20);
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new ApiInputException("invalid-parameter", name, $"'{Clip(text)}' is not a whole number.");
        if (value < min || value > max)
            throw new ApiInputException("invalid-parameter", name, $"Must be between {min} and {max}; got {value}.");
        return value;
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed) => Validate.OneOf(name, String(name), allowed);

    private static string Clip(string text) => text.Length > 30 ? text[..30] + "…" : text;
}

/// <summary>Validation shared by REST parameters and GraphQL arguments.</summary>
public static class Validate
{
    public static string? OneOf(string name, string? value, IReadOnlyCollection<string> allowed)
    {
        if (value is null) return null;
        if (!allowed.Contains(value))
            throw new ApiInputException("invalid-parameter", name, $"'{(value.Length > 30 ? value[..30] + "…" : value)}' is not one of: {string.Join(", ", allowed)}.");
        return value;
    }

    /// <summary>The range rule of <see cref="QueryReader.Int"/>, for values that arrive typed (GraphQL arguments).</summary>
    public static int? Range(string name, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
            throw new ApiInputException("invalid-parameter", name, $"Must be between {min} and {max}; got {v}.");
        return value;
    }

    public static int Limit(string name, int? value)
    {
        if (value is null) return QueryReader.DefaultLimit;
        if (value < 1 || value > QueryReader.MaxLimit)
            throw new ApiInputException("invalid-parameter", name, $"Must be between 1 and {QueryReader.MaxLimit}; got {value}.");
        return value.Value;
    }
}
