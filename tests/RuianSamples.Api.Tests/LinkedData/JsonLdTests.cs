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
}
