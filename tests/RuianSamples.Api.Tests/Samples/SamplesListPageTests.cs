using System.Net;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Samples;

/// <summary>/samples: GET /api/v1/samples as a page, its filters as a form, as /reforms is.</summary>
public class SamplesListPageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("", "共 {0} 个样本", "")]
    [InlineData("?theme=income-distribution", "共 {0} 个样本", "")]
    [InlineData("?region=ruian&lang=en", "{0} sample", "?lang=en")]
    public async Task The_samples_page_lists_what_the_api_lists_each_linking_its_page(string query, string summary, string lang)
    {
        var apiQuery = query.Replace("&lang=en", "", StringComparison.Ordinal);
        var api = await _client.GetJson("/api/v1/samples" + apiQuery);
        var response = await _client.GetAsync("/samples" + query);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain(string.Format(System.Globalization.CultureInfo.InvariantCulture, summary, api.GetProperty("totalCount").GetInt32()));
        html.Should().Contain($"<link rel=\"alternate\" type=\"application/json\" href=\"{WebUtility.HtmlEncode("/api/v1/samples" + apiQuery)}\"");
        var numbers = api.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("number").GetInt32()).ToList();
        numbers.Should().NotBeEmpty();
        foreach (var n in numbers)
            html.Should().Contain($"href=\"/samples/{n}{lang}\"");
        System.Text.RegularExpressions.Regex.Count(html, "href=\"/samples/\\d+(\\?lang=en)?\"").Should().Be(numbers.Count, "the page lists only what the API lists");
    }

    [Fact]
    public async Task A_bad_filter_keeps_the_form_and_says_what_is_wrong_with_the_apis_status()
    {
        var response = await _client.GetAsync("/samples?region=atlantis");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("<form class=\"filters\"").And.Contain("role=\"alert\"");
    }

    [Theory]
    [InlineData("/regions/ruian", "/samples?region=ruian")]
    [InlineData("/themes/income-distribution", "/samples?theme=income-distribution")]
    public async Task Region_and_theme_pages_link_their_samples_to_the_samples_page_not_to_json(string page, string list)
    {
        var html = await _client.GetStringAsync(page);

        html.Should().Contain($"href=\"{WebUtility.HtmlEncode(list)}\"").And.NotContain("href=\"/api/v1/samples?");
        (await _client.GetAsync(list)).Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Fact]
    public async Task Every_page_links_the_samples_regions_and_themes_lists()
    {
        var html = await _client.GetStringAsync("/sources");

        html.Should().Contain("<a href=\"/samples\">").And.Contain("<a href=\"/regions\">").And.Contain("<a href=\"/themes\">");
        (await _client.GetStringAsync("/sources?lang=en")).Should().Contain("<a href=\"/samples?lang=en\">").And.Contain("<a href=\"/regions?lang=en\">");
    }
}
