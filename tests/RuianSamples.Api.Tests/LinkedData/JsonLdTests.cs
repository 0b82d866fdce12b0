using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.LinkedData;

/// <summary>JSON-LD on request (tools/reuse-check expands it with jsonld.js against the schema.org terms in CI).</summary>
public class JsonLdTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<(HttpResponseMessage Response, JsonElement Body)> Get(string url, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        return (response, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task The_index_is_a_schema_org_Dataset_on_request_and_JSON_otherwise()
    {
        // In turn, so that the response cache has to keep the two apart.
        foreach (var _ in Enumerable.Range(0, 2))
        {
            var (json, index) = await Get("/api/v1", "application/json");
            json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
            index.GetProperty("datasetVersion").GetString().Should().NotBeNullOrEmpty();

            var (ld, dataset) = await Get("/api/v1", "application/ld+json");
            ld.Content.Headers.ContentType!.MediaType.Should().Be("application/ld+json");
            ld.Headers.Vary.Should().Contain("Accept");
            dataset.GetProperty("@context").GetString().Should().Be("https://schema.org");
            dataset.GetProperty("@type").GetString().Should().Be("Dataset");
            dataset.GetProperty("version").GetString().Should().Be(index.GetProperty("datasetVersion").GetString());
            dataset.GetProperty("distribution").EnumerateArray().Select(d => d.GetProperty("name").GetString())
                .Should().BeEquivalentTo(index.GetProperty("exports").EnumerateArray().Select(e => e.GetProperty("name").GetString()));
            dataset.GetProperty("name").EnumerateArray().Select(n => n.GetProperty("@language").GetString()).Should().Equal("zh", "en");
            dataset.GetProperty("temporalCoverage").GetString().Should().MatchRegex(@"^\d{4}/\d{4}$");
        }
        (await Get("/api/v1", "text/html,*/*;q=0.8")).Response.Content.Headers.ContentType!.MediaType.Should().Be("application/json", "a browser gets JSON");
    }

    [Fact]
    public async Task Records_on_request_quotes_sources_and_places()
    {
        var (_, figure) = await Get("/api/v1/figures/f001-018", "application/ld+json");
        figure.GetProperty("@type").GetString().Should().Be("Quotation");
        figure.GetProperty("text").GetProperty("@value").GetString().Should().Be("瑞安市率全国之先,下派300名金融专员至全市514个村社任金融顾问");
        figure.GetProperty("isPartOf").GetProperty("@id").GetString().Should().Be("http://localhost/api/v1/sources/wenzhou-ten-samples");

        var (_, source) = await Get("/api/v1/sources/zjdaily-ruian-reform", "application/ld+json");
        source.GetProperty("@type").GetString().Should().Be("NewsArticle");
        source.EnumerateObject().First().Name.Should().Be("@context", "the context comes first, as in every document we serve");
        source.GetProperty("isPartOf").GetProperty("name").GetString().Should().Be("浙江日报");
        source.GetProperty("author").EnumerateArray().Select(a => a.GetProperty("name").GetString()).Should().Equal("应忠彭", "严小章");

        var (_, town) = await Get("/api/v1/regions/xianjiang", "application/ld+json");
        town.GetProperty("@type").GetString().Should().Be("AdministrativeArea");
        town.GetProperty("containedInPlace").GetProperty("@id").GetString().Should().Be("http://localhost/api/v1/regions/ruian");
        town.GetProperty("containedInPlace").GetProperty("containedInPlace").GetProperty("@id").GetString().Should().Be("http://localhost/api/v1/regions/wenzhou");

        var (missing, problem) = await Get("/api/v1/figures/nope", "application/ld+json");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        problem.GetProperty("type").GetString().Should().Be("/problems/not-found");
    }

    [Fact]
    public async Task The_home_page_embeds_the_same_Dataset_that_the_API_serves_as_JSON_LD()
    {
        var html = await _client.GetStringAsync("/");
        // An HTML parser ends a script element's text at the first "</script" (any case): take it the same way.
        // The renderer writes the attribute's + as &#x2B;, which a browser reads as +.
        var blocks = System.Text.RegularExpressions.Regex.Matches(html, "<script type=\"application/ld(?:\\+|&#x2B;)json\">(.*?)</script", System.Text.RegularExpressions.RegexOptions.Singleline | System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        blocks.Should().ContainSingle("the home page carries one JSON-LD block");
        var embedded = System.Text.Json.Nodes.JsonNode.Parse(blocks[0].Groups[1].Value);
        var (_, dataset) = await Get("/api/v1", "application/ld+json");
        System.Text.Json.Nodes.JsonNode.DeepEquals(embedded, System.Text.Json.Nodes.JsonNode.Parse(dataset.GetRawText())).Should().BeTrue("the page embeds what /api/v1 serves");
        embedded!["@type"]!.GetValue<string>().Should().Be("Dataset");
        blocks[0].Groups[1].Value.Should().Contain("温州", "Chinese stays readable, not \\u-escaped");
    }

    [Fact]
    public void Nothing_in_the_data_can_end_the_script_element_it_is_embedded_in()
    {
        const string hostile = "</script><script>alert(1)</script><!-- </SCRIPT & 'x' \"y\" 温州";
        var text = RuianSamples.Api.LinkedData.SchemaOrg.ForScriptElement(new System.Text.Json.Nodes.JsonObject { ["name"] = hostile });
        text.Should().NotContain("<").And.NotContain(">").And.NotContain("&").And.Contain("温州");
        System.Text.Json.Nodes.JsonNode.Parse(text)!["name"]!.GetValue<string>().Should().Be(hostile, "escaped, not altered");
    }
}
