using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using RuianSamples.Api.Site;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Site;

/// <summary>
/// Error pages and a list page's bad filter speak the page's language (Chinese unless ?lang=en); the REST problem
/// details behind them stay English, the API's contract.
/// </summary>
public partial class ProblemPagesTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/samples/99", "/api/v1/samples/99", 404, "没有标识为“99”的实践样本。")]
    [InlineData("/reforms/no-such-reform", "/api/v1/reforms/no-such-reform", 404, "没有标识为“no-such-reform”的改革。")]
    [InlineData("/regions/nowhere", "/api/v1/regions/nowhere", 404, "没有标识为“nowhere”的地区。")]
    [InlineData("/themes/nothing", "/api/v1/themes/nothing", 404, "没有标识为“nothing”的主题。")]
    [InlineData("/figures/nope", "/api/v1/figures/nope", 404, "没有标识为“nope”的数据。")]
    [InlineData("/sources/nope", "/api/v1/sources/nope", 404, "没有标识为“nope”的来源文献。")]
    [InlineData("/figures?year=abc", "/api/v1/figures?year=abc", 400, "参数 year 有误：“abc”不是整数。")]
    [InlineData("/figures?region=atlantis", "/api/v1/figures?region=atlantis", 400, "参数 region 有误：没有标识或行政区划代码为“atlantis”的地区。")]
    [InlineData("/reforms?pilotLevel=galactic", "/api/v1/reforms?pilotLevel=galactic", 400, "参数 pilotLevel 有误：“galactic”不是可用的值。可用的值：national, provincial, municipal。")]
    [InlineData("/samples?region=atlantis", "/api/v1/samples?region=atlantis", 400, "参数 region 有误：没有标识或行政区划代码为“atlantis”的地区。")]
    [InlineData("/regions?level=planet", "/api/v1/regions?level=planet", 400, "参数 level 有误：“planet”不是可用的值。")]
    [InlineData("/sources/wenzhou-ten-samples?offset=99999999", "/api/v1/sources/wenzhou-ten-samples/text?offset=99999999", 400, "参数 offset 有误：规范化后的全文只有")]
    public async Task A_chinese_page_says_what_is_wrong_in_chinese_an_english_page_in_english_and_the_api_stays_english(string url, string apiUrl, int status, string zh)
    {
        var problem = await _client.GetJson(apiUrl, (HttpStatusCode)status);
        var english = problem.GetProperty("detail").GetString()!;
        english.Should().MatchRegex("^[ -~]+$", "REST problem details stay English");

        var response = await _client.GetAsync(url);
        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var message = WebUtility.HtmlDecode(ProblemText(await response.Content.ReadAsStringAsync()));
        message.Should().Contain(zh).And.NotContain(english).And.NotContain("接口的原文说明", "the message is translated, not the fallback");

        var en = await _client.GetAsync(url + (url.Contains('?') ? "&" : "?") + "lang=en");
        ((int)en.StatusCode).Should().Be(status);
        var enHtml = await en.Content.ReadAsStringAsync();
        enHtml.Should().Contain("<html lang=\"en\">");
        WebUtility.HtmlDecode(ProblemText(enHtml)).Should().Be(english);
    }

    [Theory]
    [InlineData("/samples/99", "<title>找不到这一页 · ", "<h1>找不到这一页</h1>")]
    [InlineData("/sources/wenzhou-ten-samples?length=5", "<title>请求有误 · ", "<h1>请求有误</h1>")]
    [InlineData("/samples/99?lang=en", "<title>Page not found · ", "<h1>Page not found</h1>")]
    public async Task An_error_pages_title_and_heading_are_in_the_page_language(string url, string title, string heading)
    {
        var html = await (await _client.GetAsync(url)).Content.ReadAsStringAsync();

        html.Should().Contain(title).And.Contain(heading);
    }

    [Fact]
    public void A_message_the_site_cannot_translate_is_said_in_chinese_with_the_apis_english_beside_it_marked_as_english()
    {
        var site = SiteContext.From(new DefaultHttpContext());
        var problem = new ProblemDetails { Status = 400, Type = "/problems/invalid-parameter", Detail = "The parameter 'x' is invalid: a rule added later." };

        var message = RuianSamples.Api.Site.ProblemText.For(site, problem);

        message.Text.Should().Be("请求中的参数有误。接口的原文说明：");
        message.Original.Should().Be(problem.Detail);
    }

    private static string ProblemText(string html) => ProblemParagraph().Match(html) is { Success: true } m ? m.Groups[1].Value : "";

    [GeneratedRegex("<p class=\"problem\"[^>]*>(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex ProblemParagraph();

    [Theory]
    [InlineData("/no-such-page", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html", "找不到这一页")]
    [InlineData("/no-such-page?lang=en", "text/html", "text/html", "not found")]
    [InlineData("/no-such-page", "application/json", "application/problem+json", "\"status\":404")]
    [InlineData("/api/v1/no-such-list", "text/html", "application/problem+json", "\"status\":404")]
    [InlineData("/graphql/nothing", "text/html", "application/", "404")]
    public async Task An_address_that_matches_nothing_is_a_page_for_a_browser_and_a_problem_for_the_api(string path, string accept, string type, string text)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await _client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.ToString().Should().StartWith(type);
        (await response.Content.ReadAsStringAsync()).Should().ContainEquivalentOf(text);
    }
}
