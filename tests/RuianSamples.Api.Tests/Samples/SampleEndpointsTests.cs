using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Samples;

public class SampleEndpointsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> GetJson(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.Should().Be(HttpStatusCode.OK, url);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Lists_ten_complete_samples_with_quoted_figures()
    {
        var page = await GetJson("/api/v1/samples");

        page.GetProperty("totalCount").GetInt32().Should().Be(10);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("number").GetInt32()).Should().Equal(Enumerable.Range(1, 10));
        foreach (var sample in items)
        {
            sample.GetProperty("theme").GetProperty("slug").GetString().Should().NotBeNullOrEmpty();
            sample.GetProperty("regions").GetArrayLength().Should().BeGreaterThan(0);
            sample.GetProperty("measures").GetArrayLength().Should().BeGreaterThan(0);
            sample.GetProperty("sources").GetArrayLength().Should().BeGreaterThan(0);
            var figures = sample.GetProperty("figures").EnumerateArray().ToList();
            figures.Should().NotBeEmpty($"sample {sample.GetProperty("number")} states figures");
            foreach (var figure in figures)
                figure.GetProperty("citation").GetProperty("quote").GetString().Should().Contain(figure.GetProperty("valueText").GetString());
        }
    }

    [Fact]
    public async Task Sample_two_is_the_ruian_financial_commissioners_with_its_national_first()
    {
        var byNumber = await GetJson("/api/v1/samples/2");
        var bySlug = await GetJson($"/api/v1/samples/{byNumber.GetProperty("slug").GetString()}");

        bySlug.GetRawText().Should().Be(byNumber.GetRawText());
        byNumber.GetProperty("regions")[0].GetProperty("slug").GetString().Should().Be("ruian");
        byNumber.GetProperty("firsts").EnumerateArray().Should().Contain(f => f.GetProperty("quote").GetString()!.Contains("率全国之先"));
        byNumber.GetProperty("reforms").EnumerateArray().Should().Contain(r => r.GetProperty("slug").GetString() == "financial-commissioners");
        var loans = byNumber.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("unit").GetString() == "亿元" && f.GetProperty("valueText").GetString() == "30");
        loans.GetProperty("qualifier").GetString().Should().Be("more_than");
        loans.GetProperty("baseValue").GetDouble().Should().Be(30e8);
    }

    [Fact]
    public async Task Samples_three_four_and_seven_say_their_theme_is_inferred_from_the_layout()
    {
        foreach (var n in new[] { 3, 4, 7 })
            (await GetJson($"/api/v1/samples/{n}")).GetProperty("theme").GetProperty("inferred").GetBoolean().Should().BeTrue();
        (await GetJson("/api/v1/samples/1")).GetProperty("theme").GetProperty("inferred").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("/api/v1/samples/11")]
    [InlineData("/api/v1/samples/no-such-sample")]
    [InlineData("/api/v1/samples/%E4%B8%AD")]
    public async Task Unknown_sample_is_a_404_problem(string url)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("type").GetString().Should().Be("/problems/not-found");
        problem.GetProperty("status").GetInt32().Should().Be(404);
    }

    [Fact]
    public async Task Cursor_paging_visits_every_sample_once()
    {
        var seen = new List<int>();
        string? url = "/api/v1/samples?limit=3";
        while (url is not null)
        {
            var page = await GetJson(url);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()));
            url = page.GetProperty("links").GetProperty("next").GetString();
        }
        seen.Should().Equal(Enumerable.Range(1, 10));
    }

    [Fact]
    public async Task Region_filter_includes_a_countys_towns_and_theme_filter_narrows()
    {
        var ruian = await GetJson("/api/v1/samples?region=ruian");
        ruian.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).Should().Contain(2);
        var byCode = await GetJson("/api/v1/samples?region=330381");
        byCode.GetProperty("totalCount").GetInt32().Should().Be(ruian.GetProperty("totalCount").GetInt32());
        var wenzhou = await GetJson("/api/v1/samples?region=wenzhou");
        wenzhou.GetProperty("totalCount").GetInt32().Should().Be(10, "every sample's lead region lies within Wenzhou");
        var ecology = await GetJson("/api/v1/samples?theme=ecological-civilization");
        ecology.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("number").GetInt32()).Should().Equal(9);
    }

    [Theory]
    [InlineData("/api/v1/samples?limit=101", "limit")]
    [InlineData("/api/v1/samples?limit=abc", "limit")]
    [InlineData("/api/v1/samples?cursor=%%%", "cursor")]
    [InlineData("/api/v1/samples?region=atlantis", "region")]
    [InlineData("/api/v1/samples?sort=title", "sort")]
    public async Task Bad_list_parameters_are_400_problems_naming_the_parameter(string url, string parameter)
    {
        var response = await _client.GetAsync(url);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.GetRawText());
    }
}
