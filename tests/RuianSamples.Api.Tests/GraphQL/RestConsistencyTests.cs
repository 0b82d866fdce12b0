using System.Text.Json;
using System.Text.Json.Nodes;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>For every sample and reform, GraphQL (with aliases to REST's names) returns the same values as REST.</summary>
public class RestConsistencyTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string Fragments = """
        fragment L on Label { zh en enIsTranslation }
        fragment F on Figure {
          id: key subjectType subject { ... on PracticeSample { number } ... on Reform { slug } ... on Region { slug } }
          indicator { ...L } value valueText unit baseValue baseUnit qualifier qualifierText period year periodInferred periodBasis
          baseline { value valueText unit period change changePercent } kind region { slug name { ...L } }
          citation { sourceId sourceTitle { ...L } publication byline date dateInferred sourceUrl quote quoteOffset passageUrl cite { ...L } }
          revision retraction { at by comment }
        }
        fragment S on Source { id: sourceId title { ...L } publication date dateInferred }
        """;

    private const string SamplesQuery = Fragments + """
        { samples(first: 100) { edges { node {
          number slug title { ...L } themeInferred themeBasis theme { slug name { ...L } }
          regions { slug code name { ...L } level } summary { ...L } measures { ...L }
          firsts { claim scope quote sourceId } reforms { slug name { ...L } } figures { ...F } sources { ...S }
        } } } }
        """;

    private const string ReformsQuery = Fragments + """
        query($after: String) { reforms(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node {
          slug name { ...L } region { slug code name { ...L } level } startYear { year inferred quote basis } pilotLevel { level quote }
          firsts { claim scope quote sourceId } themes { slug name { ...L } } themesInferred themesBasis description { ...L } sourceId
          samples { number slug title { ...L } } figures { ...F } sources { ...S } revision
        } } } }
        """;

    /// <summary>REST's shape minus its links (GraphQL has them as relations instead).</summary>
    private static JsonNode? WithoutUrls(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                    if (key is "url" or "citationUrl" or "htmlUrl" or "passageHtmlUrl") o.Remove(key);
                    else WithoutUrls(o[key]);
                break;
            case JsonArray a:
                foreach (var item in a) WithoutUrls(item);
                break;
        }
        return node;
    }

    /// <summary>GraphQL's figure subject (a union) in REST's {type, key} form.</summary>
    private static void RestSubjects(JsonNode? figures)
    {
        foreach (var figure in figures!.AsArray().Select(f => f!.AsObject()))
        {
            var subject = figure["subject"]!.AsObject();
            var key = subject["number"]?.ToString() ?? subject["slug"]!.GetValue<string>();
            figure["subject"] = new JsonObject { ["type"] = figure["subjectType"]!.GetValue<string>(), ["key"] = key };
            figure.Remove("subjectType");
        }
    }

    private async Task<JsonNode> Rest(string url) => WithoutUrls(JsonNode.Parse(await _client.GetStringAsync(url)))!;

    private static void ShouldMatch(JsonNode graphQL, JsonNode rest, string what)
    {
        var actual = JsonSerializer.Serialize(graphQL);
        var expected = JsonSerializer.Serialize(rest);
        actual.Should().Be(expected, $"GraphQL and REST must agree on {what}");
    }

    [Fact]
    public async Task Every_sample_has_the_same_values_in_GraphQL_and_REST()
    {
        var nodes = (await _client.DataAsync(SamplesQuery)).GetProperty("samples").GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")).ToList();
        nodes.Should().HaveCount(10);
        foreach (var element in nodes)
        {
            var node = JsonNode.Parse(element.GetRawText())!.AsObject();
            var number = node["number"]!.GetValue<int>();
            // REST nests the theme's inference flags in the theme.
            var theme = node["theme"]!.AsObject();
            theme["inferred"] = node["themeInferred"]!.DeepClone();
            theme["basis"] = node["themeBasis"]!.DeepClone();
            node.Remove("themeInferred");
            node.Remove("themeBasis");
            RestSubjects(node["figures"]);
            var rest = await Rest($"/api/v1/samples/{number}");
            ShouldMatch(Reordered(node, rest)!, rest, $"sample {number}");
        }
    }

    [Fact]
    public async Task Every_reform_has_the_same_values_in_GraphQL_and_REST()
    {
        var nodes = new List<JsonElement>();
        string? after = null;
        do
        {
            var page = (await _client.DataAsync(ReformsQuery, new { after })).GetProperty("reforms");
            nodes.AddRange(page.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node")));
            after = page.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? page.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        } while (after is not null);
        var restTotal = JsonNode.Parse(await _client.GetStringAsync("/api/v1/reforms?limit=1"))!["totalCount"]!.GetValue<int>();
        nodes.Should().HaveCount(restTotal).And.NotBeEmpty();

        foreach (var element in nodes)
        {
            var node = JsonNode.Parse(element.GetRawText())!.AsObject();
            RestSubjects(node["figures"]);
            var slug = node["slug"]!.GetValue<string>();
            var rest = await Rest($"/api/v1/reforms/{slug}");
            ShouldMatch(Reordered(node, rest)!, rest, $"reform {slug}");
        }
    }

    /// <summary>GraphQL's object with its members in REST's order (member order is not a value), recursively.</summary>
    private static JsonNode? Reordered(JsonNode? graphQL, JsonNode? rest)
    {
        if (graphQL is JsonObject g && rest is JsonObject r)
        {
            var ordered = new JsonObject();
            foreach (var (key, value) in r) ordered[key] = g.ContainsKey(key) ? Reordered(g[key]?.DeepClone(), value) : null;
            foreach (var (key, value) in g) if (!r.ContainsKey(key)) ordered[key] = value?.DeepClone();
            return ordered;
        }
        if (graphQL is JsonArray ga && rest is JsonArray ra)
            return new JsonArray(ga.Select((item, i) => Reordered(item?.DeepClone(), i < ra.Count ? ra[i] : null)).ToArray());
        return graphQL;
    }
}
