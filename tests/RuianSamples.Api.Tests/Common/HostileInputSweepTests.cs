using System.Text.Json.Nodes;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Common;

/// <summary>
/// The audit as an attacker runs it: every documented GET operation (schema/openapi.json), every
/// parameter in turn with hostile values, and hostile headers; nothing may answer 5xx.
/// </summary>
public class HostileInputSweepTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private static readonly string[] HostileValues =
    [
        "%ED%A0%80",          // a surrogate encoded as UTF-8
        "%FF%FE",             // bytes that are no UTF-8
        "%C0%AF",             // overlong '/'
        "%00",                // NUL
        "%E2%80%AE%3Cscript%3E", // right-to-left override and markup
        "-1", "99999999999999999999", "1e309", "NaN",
        new string('x', 8000),
        "'%20OR%201=1--", "%25%25%25",
    ];

    private static IEnumerable<(string Path, List<(string Name, string In)> Parameters)> Operations()
    {
        var document = JsonNode.Parse(File.ReadAllText(RepositoryFiles.PathOf("schema/openapi.json")))!;
        foreach (var (path, item) in document["paths"]!.AsObject())
            if (item!["get"] is { } get)
                yield return (path, (get["parameters"]?.AsArray() ?? []).Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>())).ToList());
    }

    private static string Example(string name) => name switch
    {
        "numberOrSlug" => "1",
        "file" => "figures.csv",
        "slugOrCode" => "ruian",
        "id" => "wenzhou-ten-samples",
        "slug" => "ruian",
        _ => "x",
    };

    [Fact]
    public async Task No_parameter_of_any_operation_makes_a_5xx()
    {
        var client = factory.CreateClient();
        var failures = new List<string>();
        var sent = 0;
        foreach (var (path, parameters) in Operations())
        {
            var basePath = parameters.Where(p => p.In == "path").Aggregate(path, (current, p) => current.Replace("{" + p.Name + "}", Example(p.Name)));
            foreach (var value in HostileValues)
            {
                var urls = parameters.Where(p => p.In == "query").Select(p => $"{basePath}?{p.Name}={value}")
                    // (NUL in a path is refused by Kestrel's request-line parser; the in-memory test server throws on it instead)
                    .Concat(parameters.Where(p => p.In == "path" && value != "%00").Select(p => path.Replace("{" + p.Name + "}", value)))
                    .Append($"{basePath}?{value}={value}");
                foreach (var url in urls)
                {
                    var response = await client.GetAsync(url);
                    sent++;
                    if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} {url[..Math.Min(url.Length, 120)]}");
                }
            }
        }
        sent.Should().BeGreaterThan(500);
        failures.Should().BeEmpty();
    }

    public static TheoryData<string, string> HostileHeaders => new()
    {
        { "If-None-Match", "\"unterminated" },
        { "If-None-Match", new string('"', 4000) },
        { "Accept", "application/json;q=NaN, */*;q=-1" },
        { "Accept-Encoding", "br;q=2, gzip;q=x, identity;q=0, *;q=0" },
        { "Accept-Language", "\u00ff\u00fe" },
        { "Authorization", "Bearer \u00ff" },
        { "X-Bench-Bypass-Cache", "1" },
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public async Task Hostile_headers_never_make_a_5xx(string header, string value)
    {
        var client = factory.CreateClient();
        foreach (var url in new[] { "/api/v1/samples", "/api/v1/figures?limit=3", "/api/v1/export/figures.csv", "/graphql?query=%7Bthemes%7BtotalCount%7D%7D", "/api/v1/search?q=%E5%8C%BB%E4%BF%9D" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.TryAddWithoutValidation(header, value);
            var response = await client.SendAsync(request);
            ((int)response.StatusCode).Should().BeLessThan(500, $"{header}: {value[..Math.Min(20, value.Length)]} on {url}");
        }
    }
}
