using System.Net;
using System.Net.Http.Headers;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Common;

public class HttpBehaviourTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/api/v1/reforms?region=ruian")]
    [InlineData("/api/v1/samples/2")]
    [InlineData("/api/v1/figures?year=2021")]
    [InlineData("/api/v1")]
    [InlineData("/api/v1/export/figures.csv")]
    public async Task A_repeated_call_with_the_etag_gets_304(string url)
    {
        var first = await _client.GetAsync(url);
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var etag = first.Headers.ETag;
        etag.Should().NotBeNull();
        etag!.IsWeak.Should().BeFalse();
        first.Headers.CacheControl!.Public.Should().BeTrue();
        first.Headers.CacheControl.MaxAge.Should().BeGreaterThan(TimeSpan.Zero);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(etag);
        var second = await _client.SendAsync(again);

        second.StatusCode.Should().Be(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).Should().BeEmpty();

        var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        (await _client.SendAsync(stale)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Different_representations_have_different_etags()
    {
        var a = await _client.GetAsync("/api/v1/reforms?limit=5");
        var b = await _client.GetAsync("/api/v1/reforms?limit=6");
        a.Headers.ETag.Should().NotBe(b.Headers.ETag);
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Responses_are_compressed_on_request(string encoding)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reforms?limit=50");
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
        var response = await _client.SendAsync(request);
        response.Content.Headers.ContentEncoding.Should().Contain(encoding);
    }

    [Fact]
    public async Task Cors_is_open_for_get()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/samples");
        request.Headers.Add("Origin", "https://newsroom.example");
        var response = await _client.SendAsync(request);
        response.Headers.GetValues("Access-Control-Allow-Origin").Should().Contain("*");
    }

    [Fact]
    public async Task Pretty_indents_and_keeps_chinese_readable()
    {
        var pretty = await _client.GetStringAsync("/api/v1/samples/2?pretty");
        var plain = await _client.GetStringAsync("/api/v1/samples/2");
        pretty.Should().Contain("\n  \"number\": 2");
        plain.Should().NotContain("\n");
        plain.Should().Contain("瑞安市").And.NotContain("\\u");
    }

    [Fact]
    public async Task Paging_returns_a_link_header_and_total()
    {
        var response = await _client.GetAsync("/api/v1/figures?limit=10");
        response.Headers.GetValues("Link").Single().Should().MatchRegex("^</api/v1/figures\\?limit=10&cursor=[A-Za-z0-9_-]+>; rel=\"next\"$");
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        (await _client.GetJson("/health/live")).GetProperty("status").GetString().Should().Be("live");
        var ready = await _client.GetJson("/health/ready");
        ready.GetProperty("status").GetString().Should().Be("ready");
        ready.GetProperty("schemaVersion").GetInt32().Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task The_index_lists_resources_and_the_dataset_version()
    {
        var index = await _client.GetJson("/api/v1");
        index.GetProperty("datasetVersion").GetString().Should().MatchRegex("^[1-9][0-9]*$", "the dataset version is its generation");
        index.GetProperty("resources").Strings("name").Should().Contain(["samples", "reforms", "regions", "themes", "figures", "milestones", "honors", "sources"]);
        foreach (var resource in index.GetProperty("resources").EnumerateArray().Where(r => r.GetProperty("count").ValueKind == System.Text.Json.JsonValueKind.Number))
            (await _client.GetJson(resource.GetProperty("url").GetString()!)).GetProperty("totalCount").GetInt32().Should().Be(resource.GetProperty("count").GetInt32());
    }
}
