using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Common;

/// <summary>One error shape: every mistake, on every endpoint, is an RFC 9457 problem with a stable type.</summary>
public class ProblemContractTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, int, string?> BadRequests => new()
    {
        { "GET", "/api/v1/reforms?limit=101", 400, "limit" },
        { "GET", "/api/v1/reforms?limit=0", 400, "limit" },
        { "GET", "/api/v1/reforms?limit=-5", 400, "limit" },
        { "GET", "/api/v1/reforms?limit=99999999999999999999", 400, "limit" },
        { "GET", "/api/v1/reforms?cursor=not-a-cursor", 400, "cursor" },
        { "GET", "/api/v1/reforms?cursor=WyJ4IiwieSIsInoiXQ", 400, "cursor" },
        { "GET", "/api/v1/reforms?pilotLevel=galactic", 400, "pilotLevel" },
        { "GET", "/api/v1/reforms?theme=%27%3B%20DROP%20TABLE%20reforms%3B--", 400, "theme" },
        { "GET", "/api/v1/reforms?sort=name%20desc", 400, "sort" },
        { "GET", "/api/v1/reforms?year=2020&yearFrom=2019", 400, "year" },
        { "GET", "/api/v1/reforms?yearFrom=2023&yearTo=2020", 400, "yearFrom" },
        { "GET", "/api/v1/reforms?sample=11", 400, "sample" },
        { "GET", "/api/v1/reforms?facets=maybe", 400, "facets" },
        { "GET", "/api/v1/reforms?colour=red", 400, "colour" },
        { "GET", "/api/v1/reforms?region=ruian&region=wenzhou", 400, "region" },
        { "GET", "/api/v1/figures?kind=vibes", 400, "kind" },
        { "GET", "/api/v1/figures?year=abc", 400, "year" },
        { "GET", "/api/v1/figures?subjectType=planet", 400, "subjectType" },
        { "GET", "/api/v1/figures?source=%00%01", 400, "source" },
        { "GET", "/api/v1/figures?reform=no-such-reform", 400, "reform" },
        { "GET", "/api/v1/export/figures.csv?reform=no-such-reform", 400, "reform" },
        { "GET", "/api/v1/regions?level=galaxy", 400, "level" },
        { "GET", "/api/v1/regions?parent=nowhere", 400, "parent" },
        { "GET", "/api/v1/milestones?region=%F0%9F%92%A9", 400, "region" },
        { "GET", "/api/v1/honors?ranked=sometimes", 400, "ranked" },
        { "GET", "/api/v1/sources/wenzhou-ten-samples/text?offset=-1", 400, "offset" },
        { "GET", "/api/v1/sources/wenzhou-ten-samples/text?length=5", 400, "length" },
        { "GET", "/api/v1/themes?x=1", 400, "x" },
        { "GET", "/api/v1/samples/0", 404, null },
        { "GET", "/api/v1/reforms/no-such-reform", 404, null },
        { "GET", "/api/v1/regions/999999", 404, null },
        { "GET", "/api/v1/figures/f999-999", 404, null },
        { "GET", "/api/v1/themes/no-such-theme", 404, null },
        { "GET", "/api/v1/milestones/nope", 404, null },
        { "GET", "/api/v1/honors/nope", 404, null },
        { "GET", "/api/v1/sources/nope", 404, null },
        { "GET", "/api/v1/export/everything.xlsx", 404, null },
        { "GET", "/api/v1/nothing-here", 404, null },
        { "GET", "/no/such/path", 404, null },
        { "POST", "/api/v1/samples", 405, null },
        { "POST", "/api/v1/reforms", 401, null },
        { "DELETE", "/api/v1/samples/1", 405, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Every_error_is_one_problem_shape(string method, string url, int status, string? parameter)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("type").GetString().Should().StartWith("/problems/");
        problem.GetProperty("title").GetString().Should().NotBeNullOrEmpty();
        problem.GetProperty("status").GetInt32().Should().Be(status);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrEmpty();
        body.Should().NotContain("   at ").And.NotContain("Exception");
        if (parameter is not null) problem.GetProperty("errors").GetProperty(parameter).GetArrayLength().Should().BeGreaterThan(0);
        var type = problem.GetProperty("type").GetString()!;
        (await _client.GetAsync(type)).StatusCode.Should().Be(HttpStatusCode.OK, "each problem type is documented at its URI");
    }

    [Theory]
    [InlineData("POST", "/api/v1/samples", "GET, HEAD")]
    [InlineData("DELETE", "/api/v1/samples/1", "GET, HEAD")]
    [InlineData("PUT", "/api/v1/reforms", "GET, HEAD, POST")]
    public async Task A_405_lists_every_method_the_resource_answers(string method, string url, string allowed)
    {
        var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        response.Content.Headers.Allow.Order(StringComparer.Ordinal).Should().Equal(allowed.Split(", "));
    }

    [Theory]
    [InlineData("/api/v1/reforms/no-such-reform", "text/html", 404)]
    [InlineData("/api/v1/export/nope.csv", "text/csv", 404)]
    [InlineData("/api/v1/reforms?colour=red", "application/xml", 400)]
    [InlineData("/api/v1/figures/f001-018/citation?format=word", "text/plain", 400)]
    [InlineData("/api/no/such/path", "text/html", 404)]
    [InlineData("/no/such/path", "text/plain", 404)] // with text/html outside the API: the site's page (Site/ProblemPagesTests)
    public async Task A_problem_is_whole_whatever_the_accept_header_names(string url, string accept, int status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        ((int)response.StatusCode).Should().Be(status, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(body).RootElement;
        problem.GetProperty("instance").GetString().Should().Be(url.Split('?')[0], "the OpenAPI document marks instance required");
        problem.GetProperty("traceId").GetString().Should().Be(response.Headers.GetValues("X-Trace-Id").Single(), "the README calls them one id");
        problem.GetProperty("status").GetInt32().Should().Be(status);
    }

    [Fact]
    public async Task Unknown_parameter_problem_lists_the_allowed_ones()
    {
        var problem = await _client.GetJson("/api/v1/reforms?colour=red", HttpStatusCode.BadRequest);
        problem.GetProperty("detail").GetString().Should().Contain("theme").And.Contain("region").And.Contain("cursor");
    }

    [Fact]
    public async Task A_huge_query_string_is_refused_without_a_500()
    {
        var response = await _client.GetAsync("/api/v1/reforms?theme=" + new string('a', 12_000));
        ((int)response.StatusCode).Should().BeInRange(400, 499);
    }
}
