using System.Net;
using System.Text.RegularExpressions;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>The examples the site offers for its search box (例如：… / e.g. …) each find a practice sample or a reform.</summary>
public partial class SearchPageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/?lang=en")]
    [InlineData("/search")]
    [InlineData("/search?lang=en")]
    public async Task Every_example_offered_finds_a_sample_or_a_reform(string page)
    {
        var html = WebUtility.HtmlDecode(await _client.GetStringAsync(page));
        var examples = Examples().Matches(html).SelectMany(m => m.Groups[1].Value.TrimEnd('.', '。').Split(['、', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Distinct().ToList();
        examples.Should().NotBeEmpty();
        foreach (var example in examples)
        {
            var result = await _client.GetJson("/api/v1/search?q=" + Uri.EscapeDataString(example));
            result.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString())
                .Should().Contain(t => t == "sample" || t == "reform", $"the example '{example}' on {page} should find a sample or a reform");
        }
    }

    [GeneratedRegex(@"(?:例如：|e\.g\. )([^""<]+)")]
    private static partial Regex Examples();

    [Fact]
    public async Task An_honor_or_a_milestone_found_opens_its_page_not_json()
    {
        var html = await _client.GetStringAsync("/search?q=%E7%99%BE%E5%BC%BA%E5%8E%BF"); // 百强县

        html.Should().Contain("href=\"/honors/").And.NotContain("href=\"/api/v1/honors/");
        var honor = System.Text.RegularExpressions.Regex.Match(html, "href=\"(/honors/[^\"]+)\"").Groups[1].Value;
        var page = await _client.GetAsync(honor);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var api = await _client.GetJson("/api/v1" + honor);
        (await page.Content.ReadAsStringAsync()).Should().Contain(System.Net.WebUtility.HtmlEncode(api.GetProperty("citation").GetProperty("quote").GetString()!));
    }
}
