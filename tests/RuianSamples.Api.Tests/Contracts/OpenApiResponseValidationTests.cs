using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using RuianSamples.Api.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RuianSamples.Api.Tests.Contracts;

/// <summary>
/// What a generated client trusts: every documented operation is called with its own documented
/// examples (each must answer 2xx), then with every real record and every page of every list, and
/// with requests that fail; every response's status, content type and body are checked against the
/// document with JsonSchema.Net (the OpenAPI 3.0 schemas, nullable turned into JSON Schema's null type).
/// </summary>
public class OpenApiResponseValidationTests(CatalogFactory factory, ITestOutputHelper output) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Every_documented_example_answers_2xx_and_every_real_response_validates_against_the_document()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var validator = new OpenApiValidator(document);
        var failures = new List<string>();
        var checkedCount = 0;
        var invalidResponses = 0;
        var examples = 0;
        var examplesNot2xx = 0;

        async Task<JsonElement?> Check(string url, bool expect2xx = false)
        {
            var response = await _client.GetAsync(url);
            var body = await response.Content.ReadAsByteArrayAsync();
            checkedCount++;
            if (expect2xx) examples++;
            if (expect2xx && (int)response.StatusCode is < 200 or > 299)
            {
                examplesNot2xx++;
                failures.Add($"{url}: the documented example answered {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
            }
            var errors = validator.Validate(url, response, body).ToList();
            if (errors.Count > 0) invalidResponses++;
            failures.AddRange(errors.Select(e => $"{url}: {e}"));
            var type = response.Content.Headers.ContentType?.MediaType;
            var json = response.IsSuccessStatusCode && type == "application/json" ? JsonDocument.Parse(body).RootElement.Clone() : (JsonElement?)null;
            if (expect2xx && json?.ValueKind == JsonValueKind.Object && json.Value.TryGetProperty("items", out var items) && items.GetArrayLength() == 0)
                failures.Add($"{url}: the documented example finds no records");
            return json;
        }

        // 1. Each operation with its own examples, as Swagger UI's Try it out sends them.
        foreach (var url in validator.ExampleRequests()) await Check(url, expect2xx: true);

        // 2. Every real record and every page of every list (facets on where offered).
        foreach (var list in new[] { "samples", "reforms?facets=true", "regions", "themes", "figures?facets=true", "milestones", "honors", "sources" })
        {
            string? next = $"/api/v1/{list}{(list.Contains('?') ? "&" : "?")}limit=100";
            if (list is "themes" or "sources") next = $"/api/v1/{list}";
            while (next is not null)
            {
                var page = await Check(next);
                if (page is null) break;
                foreach (var item in page.Value.GetProperty("items").EnumerateArray())
                    if (item.TryGetProperty("url", out var itemUrl) && itemUrl.GetString() is { } detail) await Check(detail);
                next = page.Value.TryGetProperty("links", out var links) && links.TryGetProperty("next", out var n) ? n.GetString() : null;
            }
        }
        foreach (var source in (await _client.GetJson("/api/v1/sources")).GetProperty("items").EnumerateArray())
            await Check(source.GetProperty("url").GetString() + "/text");
        foreach (var q in new[] { "医保", "financial commissioner", "侨家乐", "瑞安" })
            await Check($"/api/v1/search?q={Uri.EscapeDataString(q)}&limit=50");
        foreach (var file in new[] { "catalog.json", "figures.csv", "reforms.ndjson", "samples.csv" })
            await Check($"/api/v1/export/{file}");
        await Check("/api/v1");
        await Check("/health/ready");
        await Check("/health/live");

        // 3. Errors are documented problem details.
        foreach (var url in new[] { "/api/v1/samples/99", "/api/v1/reforms/no-such-reform", "/api/v1/figures?limit=0", "/api/v1/figures?bogus=1",
                     "/api/v1/reforms?cursor=abc", "/api/v1/export/nothing.csv", "/api/v1/sources/wenzhou-ten-samples/text?offset=-1", "/api/v1/search" })
            await Check(url);

        var summary = $"{checkedCount} responses checked against the OpenAPI document: {invalidResponses} do not validate; {examplesNot2xx} of {examples} example requests did not answer 2xx";
        output.WriteLine(summary);
        foreach (var failure in failures.Take(200)) output.WriteLine(failure);
        failures.Should().BeEmpty(summary + ":\n" + string.Join("\n", failures.Take(60)));
        checkedCount.Should().BeGreaterThan(500);
    }
}

/// <summary>Matches a request to its documented operation and response, and validates what came back.</summary>
public sealed class OpenApiValidator
{
    private readonly JsonObject _document;
    private readonly JsonObject _defs;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly List<(System.Text.RegularExpressions.Regex Pattern, string Path, JsonObject Item)> _paths;

    public OpenApiValidator(JsonObject document)
    {
        _document = document;
        _defs = Convert(document["components"]?["schemas"] ?? new JsonObject())!.AsObject();
        _paths = document["paths"]!.AsObject()
            .Select(p => (new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Escape(p.Key), @"\\\{[^}]+}", "[^/]+") + "$"), p.Key, p.Value!.AsObject()))
            .ToList();
    }

    /// <summary>Every GET operation with its path examples and every documented query example, as one request.</summary>
    public IEnumerable<string> ExampleRequests()
    {
        foreach (var (_, path, item) in _paths)
        {
            if (item["get"] is not JsonObject operation) continue;
            var url = path;
            var query = new List<string>();
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var name = parameter!["name"]!.GetValue<string>();
                var example = parameter["example"] ?? parameter["examples"]?.AsObject().FirstOrDefault().Value?["value"];
                if (example is null) continue;
                var text = example.GetValueKind() == JsonValueKind.String ? example.GetValue<string>() : example.ToJsonString();
                if (parameter["in"]!.GetValue<string>() == "path") url = url.Replace("{" + name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal);
                else query.Add($"{name}={Uri.EscapeDataString(text)}");
            }
            yield return query.Count == 0 ? url : url + "?" + string.Join("&", query);
        }
    }

    public IEnumerable<string> Validate(string url, HttpResponseMessage response, byte[] body)
    {
        var path = url.Split('?')[0];
        var match = _paths.FirstOrDefault(p => p.Pattern.IsMatch(path));
        if (match.Item is null) { yield return "no documented path matches"; yield break; }
        if (match.Item["get"] is not JsonObject operation) { yield return "GET is not documented"; yield break; }
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var documented = operation["responses"]!.AsObject();
        var responseDoc = documented[status] ?? documented[status[0] + "XX"] ?? documented["default"];
        if (responseDoc is null) { yield return $"status {status} is not documented (documented: {string.Join(", ", documented.Select(r => r.Key))})"; yield break; }
        foreach (var header in responseDoc["headers"]?.AsObject() ?? [])
            if (header.Value?["required"]?.GetValue<bool>() == true && !response.Headers.Contains(header.Key) && !response.Content.Headers.Contains(header.Key))
                yield return $"{status}: required header {header.Key} is missing";
        var content = responseDoc["content"]?.AsObject();
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (content is null || content.Count == 0)
        {
            if (body.Length > 0) yield return $"{status}: a body of type {mediaType} came back where none is documented";
            yield break;
        }
        if (mediaType is null || !content.ContainsKey(mediaType)) { yield return $"{status}: content type {mediaType} is not documented ({string.Join(", ", content.Select(c => c.Key))})"; yield break; }
        if (content[mediaType]?["schema"] is not JsonNode schemaNode) yield break;
        if (!(mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)))
        {
            var type = schemaNode["type"]?.GetValue<string>();
            if (type != "string") yield return $"{status}: {mediaType} is text, but its schema says {schemaNode.ToJsonString()}";
            yield break;
        }
        var key = match.Path + "|" + status + "|" + mediaType;
        if (!_schemas.TryGetValue(key, out var schema))
        {
            var root = Convert(schemaNode)!.AsObject();
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            root["$defs"] = _defs.DeepClone();
            schema = _schemas[key] = JsonSchema.FromText(root.ToJsonString());
        }
        JsonDocument instance;
        try { instance = JsonDocument.Parse(body); }
        catch (JsonException) { instance = null!; }
        if (instance is null) { yield return $"{status}: the body is not JSON"; yield break; }
        var result = schema.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!result.IsValid)
            foreach (var detail in (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Take(5))
                yield return $"{status}: {detail.InstanceLocation} {string.Join("; ", detail.Errors!.Select(e => e.Value))} (schema {detail.EvaluationPath})";
    }

    /// <summary>OpenAPI 3.0 schema → JSON Schema 2020-12: nullable becomes the null type, component refs point into $defs.</summary>
    private static JsonNode? Convert(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                return new JsonArray(array.Select(Convert).ToArray());
            case JsonObject obj:
            {
                var result = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    if (name is "nullable" or "example" or "format") continue;
                    if (name == "$ref") result[name] = value!.GetValue<string>().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
                    else result[name] = Convert(value);
                }
                if (obj["nullable"]?.GetValue<bool>() == true)
                {
                    // A composed schema ({type, allOf: [$ref], nullable}) constrains beyond its type: null is an alternative to all of it.
                    if (result["type"] is JsonValue type && result["allOf"] is null && result["anyOf"] is null && result["oneOf"] is null)
                        result["type"] = new JsonArray(type.GetValue<string>(), "null");
                    else return new JsonObject { ["anyOf"] = new JsonArray(result, new JsonObject { ["type"] = "null" }) };
                    if (result["enum"] is JsonArray values) values.Add(null);
                }
                return result;
            }
            default:
                return node?.DeepClone();
        }
    }
}
