using System.Text.Json;
using System.Text.Json.Nodes;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Partners;

/// <summary>
/// The members a write body may hold, by dotted path: fields (written), server-computed members
/// (accepted and ignored, so a GET representation is a valid body) and nested objects. Anything
/// else is an unknown member, refused with 422 rather than silently dropped.
/// </summary>
public sealed class RecordShape(IEnumerable<string> fields, IEnumerable<string> computed)
{
    private readonly HashSet<string> _fields = [.. fields];
    private readonly HashSet<string> _computed = [.. computed];

    public IReadOnlyCollection<string> Fields => _fields;

    /// <summary>
    /// The shape of a record whose GET representation is <typeparamref name="TRepresentation"/>: every
    /// member it has that is not one of <paramref name="fields"/> is server-computed, so a GET body is
    /// always a valid write body, whatever members the representation gains later.
    /// </summary>
    public static RecordShape Of<TRepresentation>(params string[] fields)
    {
        var computed = new List<string>();
        void Walk(Type type, string prefix)
        {
            foreach (var property in type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                var path = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
                var inner = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (fields.Any(f => f.StartsWith(path + ".", StringComparison.Ordinal)) && inner.Namespace?.StartsWith("RuianSamples", StringComparison.Ordinal) == true)
                    Walk(inner, path + ".");
                else if (!fields.Contains(path)) computed.Add(path);
            }
        }
        Walk(typeof(TRepresentation), "");
        return new RecordShape(fields, computed);
    }

    private bool IsObject(string path) => _fields.Any(f => f.StartsWith(path + ".", StringComparison.Ordinal));

    /// <summary>The body's fields by path (a null object leaves its fields null), and every unknown member.</summary>
    public RecordValues Read(JsonObject body)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        var violations = new List<RuleViolation>();
        void Walk(JsonObject node, string prefix)
        {
            foreach (var (name, value) in node)
            {
                var path = prefix + name;
                if (_computed.Contains(path)) continue;
                if (_fields.Contains(path)) values[path] = value;
                else if (IsObject(path))
                {
                    if (value is JsonObject inner) Walk(inner, path + ".");
                    else if (value is not null) violations.Add(new(path, "type", $"{path} must be an object"));
                }
                else violations.Add(new(path, "unknown-member", $"'{path}' is not a member of this record (fields: {string.Join(", ", _fields)})"));
            }
        }
        Walk(body, "");
        return new RecordValues(values, violations);
    }

    /// <summary>A record's fields as a JSON object (nested by path), for merge patches and revisions.</summary>
    public JsonObject ToJson(IReadOnlyDictionary<string, JsonNode?> values)
    {
        var root = new JsonObject();
        foreach (var path in _fields)
        {
            var parts = path.Split('.');
            var node = root;
            foreach (var part in parts[..^1])
                node = node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject());
            node[parts[^1]] = values.TryGetValue(path, out var v) ? v?.DeepClone() : null;
        }
        return root;
    }

    /// <summary>RFC 7396 JSON merge patch: members replace, null removes, objects merge.</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject) return patch?.DeepClone();
        var result = target as JsonObject is { } t ? (JsonObject)t.DeepClone() : new JsonObject();
        foreach (var (name, value) in patchObject)
        {
            if (value is null) result.Remove(name);
            else result[name] = MergePatch(result[name], value);
        }
        return result;
    }

    /// <summary>The fields that differ, as {path: {before, after}}.</summary>
    public JsonObject Diff(IReadOnlyDictionary<string, JsonNode?> before, IReadOnlyDictionary<string, JsonNode?> after)
    {
        var changes = new JsonObject();
        foreach (var path in _fields.Order(StringComparer.Ordinal))
        {
            var b = before.GetValueOrDefault(path);
            var a = after.GetValueOrDefault(path);
            if (!JsonNode.DeepEquals(b, a)) changes[path] = new JsonObject { ["before"] = b?.DeepClone(), ["after"] = a?.DeepClone() };
        }
        return changes;
    }
}

/// <summary>The fields of one body, read with type checks; each problem is collected, not thrown, so a 422 lists them all.</summary>
public sealed class RecordValues(Dictionary<string, JsonNode?> values, List<RuleViolation> violations)
{
    public IReadOnlyDictionary<string, JsonNode?> All => values;
    public List<RuleViolation> Violations => violations;

    private JsonNode? Node(string path) => values.GetValueOrDefault(path);

    public string? String(string path, bool required = false)
    {
        var node = Node(path);
        if (node is null)
        {
            if (required) violations.Add(new(path, "required", $"{path} is required"));
            return null;
        }
        if (node.GetValueKind() != JsonValueKind.String) { violations.Add(new(path, "type", $"{path} must be a string")); return null; }
        var text = node.GetValue<string>();
        if (required && string.IsNullOrWhiteSpace(text)) violations.Add(new(path, "required", $"{path} is empty"));
        if (!IsVerbatim(path) && text.FirstOrDefault(c => char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format) is var format and not '\0')
            violations.Add(new(path, "invisible-character", $"{path} holds U+{(int)format:X4}, an invisible formatting character (a direction mark, a zero-width space …): it changes how the text reads and compares without showing (a unit '\u200f亿元' is no longer 亿元)"));
        return text;
    }

    // Text copied from a source (checked against it character for character) may hold what the source holds.
    private static bool IsVerbatim(string path) =>
        path is "text" or "valueText" or "baseline.valueText" or "description.zh" || path.EndsWith("quote", StringComparison.OrdinalIgnoreCase);

    public double? Number(string path, bool required = false)
    {
        var node = Node(path);
        if (node is null)
        {
            if (required) violations.Add(new(path, "required", $"{path} is required"));
            return null;
        }
        if (node.GetValueKind() != JsonValueKind.Number) { violations.Add(new(path, "type", $"{path} must be a number")); return null; }
        // Parsed or built in code (an int from a stored record): read as JSON text either way.
        return double.Parse(node.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public int? Integer(string path, bool required = false) => Number(path, required) is { } n
        ? n == Math.Floor(n) && Math.Abs(n) < int.MaxValue ? (int)n : Fail<int?>(path, "must be an integer")
        : null;

    public bool Bool(string path)
    {
        var node = Node(path);
        if (node is null) return false;
        if (node.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False)) { violations.Add(new(path, "type", $"{path} must be true or false")); return false; }
        return node.GetValue<bool>();
    }

    public bool Present(string path) => Node(path) is not null;

    public T Fail<T>(string path, string message)
    {
        violations.Add(new(path, "type", $"{path} {message}"));
        return default!;
    }
}
