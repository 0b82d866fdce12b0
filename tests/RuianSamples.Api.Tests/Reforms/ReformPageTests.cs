using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Reforms;

/// <summary>A reform's page names a pilot level and a first's scope in the page's language, never the API's English word on a Chinese page.</summary>
public class ReformPageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/reforms/financial-commissioners", "率全国之先</strong>（全国）", "(national)")]
    [InlineData("/reforms/financial-commissioners?lang=en", "率全国之先</strong> (national)", "（全国）")]
    [InlineData("/samples/2", "率全国之先</strong>（全国）", "(national)")]
    [InlineData("/reforms/elite-talent-recommendation", "（省级）", "(provincial)")]
    [InlineData("/reforms/mingmou-haochi", "<dd>全国<q", ">national<q")]
    [InlineData("/reforms/mingmou-haochi?lang=en", "<dd>national<q", ">全国<q")]
    public async Task Scopes_and_pilot_levels_are_in_the_page_language(string url, string shown, string never)
    {
        var html = await _client.GetStringAsync(url);
        html.Should().Contain(shown).And.NotContain(never);
    }

    [Theory]
    [InlineData("financial-commissioners", "")]
    [InlineData("financial-commissioners", "?lang=en")]
    [InlineData("expand-middle-raise-low-plans", "")]
    [InlineData("wenxin-shanyu-childcare", "")]
    public async Task A_reform_of_a_practice_sample_shows_the_samples_headline_figures_beside_its_own(string slug, string lang)
    {
        var reform = await _client.GetJson($"/api/v1/reforms/{slug}");
        var html = await _client.GetStringAsync($"/reforms/{slug}{lang}");

        // Its own figures, if any, stay in its table, exactly as the API lists them.
        System.Text.RegularExpressions.Regex.Matches(html, "<tr id=\"figure-([^\"]+)\"").Select(m => m.Groups[1].Value)
            .Should().Equal(reform.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        reform.GetProperty("samples").GetArrayLength().Should().BeGreaterThan(0);
        var section = html[html.IndexOf("id=\"sample-figures-heading\"", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];
        section.Should().Contain(lang == "" ? "不是改革本身的数据" : "not the reform&#x27;s own");
        foreach (var linked in reform.GetProperty("samples").EnumerateArray())
        {
            var number = linked.GetProperty("number").GetInt32();
            var sample = await _client.GetJson($"/api/v1/samples/{number}");
            section.Should().Contain($"href=\"/samples/{number}{lang}\"");
            var figures = sample.GetProperty("figures").EnumerateArray().ToList();
            figures.Should().NotBeEmpty();
            foreach (var figure in figures.Take(3))
                section.Should().Contain($"href=\"/figures/{figure.GetProperty("id").GetString()}{lang}\"");
            foreach (var figure in figures.Skip(3))
                section.Should().NotContain($"href=\"/figures/{figure.GetProperty("id").GetString()}", "a short list: the sample's page has them all");
            section.Should().Contain($"href=\"/samples/{number}{(lang == "" ? "" : lang)}#figures-heading\"")
                .And.Contain(lang == "" ? $"全部 {figures.Count} 项数据" : $"All {figures.Count} figures");
        }
    }

    [Fact]
    public async Task A_reform_of_no_practice_sample_shows_no_sample_figures()
    {
        var reform = await _client.GetJson("/api/v1/reforms/talent-new-policy");
        reform.GetProperty("samples").GetArrayLength().Should().Be(0);

        (await _client.GetStringAsync("/reforms/talent-new-policy")).Should().NotContain("sample-figures-heading").And.Contain("<tr id=\"figure-");
    }

    [Fact]
    public async Task The_reforms_page_lists_what_the_api_lists_and_pages_on_by_its_cursor()
    {
        var api = await _client.GetJson("/api/v1/reforms?region=ruian&theme=economic-development&limit=20");
        var html = await _client.GetStringAsync("/reforms?region=ruian&theme=economic-development");

        var total = api.GetProperty("totalCount").GetInt32();
        html.Should().Contain($"共 {total} 项改革");
        foreach (var reform in api.GetProperty("items").EnumerateArray())
            html.Should().Contain($"href=\"/reforms/{reform.GetProperty("slug").GetString()}\"");
        var next = System.Text.RegularExpressions.Regex.Match(html, "rel=\"next\" href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        next.Should().StartWith("/reforms?");
        var second = await _client.GetJson("/api/v1" + next);
        var secondHtml = await _client.GetStringAsync(next);
        foreach (var reform in second.GetProperty("items").EnumerateArray())
            secondHtml.Should().Contain($"href=\"/reforms/{reform.GetProperty("slug").GetString()}\"");
    }

    [Fact]
    public async Task A_bad_filter_keeps_the_form_and_says_what_is_wrong_with_the_apis_status()
    {
        var response = await _client.GetAsync("/reforms?year=2022年");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("<form class=\"filters\"").And.Contain("role=\"alert\"");
    }

    [Fact]
    public async Task A_region_page_links_all_its_reforms_to_the_reforms_page()
    {
        var html = await _client.GetStringAsync("/regions/ruian");

        html.Should().Contain("href=\"/reforms?region=ruian\"");
        (await _client.GetAsync("/reforms?region=ruian")).Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }

    [Fact]
    public async Task The_sources_page_lists_every_source_with_its_page()
    {
        var api = await _client.GetJson("/api/v1/sources");
        var html = await _client.GetStringAsync("/sources");

        foreach (var source in api.GetProperty("items").EnumerateArray())
        {
            var id = source.GetProperty("id").GetString();
            html.Should().Contain($"href=\"/sources/{id}\"").And.Contain(System.Net.WebUtility.HtmlEncode(source.GetProperty("title").GetProperty("zh").GetString()!));
        }
    }
}
