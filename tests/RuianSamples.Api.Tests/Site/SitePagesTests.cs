using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Site;

/// <summary>The web pages over the real HTTP pipeline: headers, caching, alternates, encoding, errors and weight.</summary>
public partial class SitePagesTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [MemberData(nameof(SitePages.Names), MemberType = typeof(SitePages))]
    public async Task Every_page_type_is_html_with_security_headers_and_its_json_alternate(string name)
    {
        var page = SitePages.Named(name);
        var response = await _client.GetAsync(page.Url);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        csp.Should().Contain("script-src 'self'").And.Contain("frame-ancestors 'none'").And.NotContain("unsafe-inline").And.NotContain("nonce");
        response.Headers.GetValues("X-Content-Type-Options").Single().Should().Be("nosniff");

        var html = await response.Content.ReadAsStringAsync();
        html.Should().StartWith("<!DOCTYPE html>").And.Contain("<html lang=\"zh-CN\">");
        // JSON-LD is a data block, never run (CSP's script-src does not apply to it); anything else inline would be blocked.
        ScriptTag().Matches(html).Should().OnlyContain(m => m.Value.Contains("src=\"/site/") || m.Value.Contains("type=\"application/ld&#x2B;json\""),
            "no inline script: the CSP would block it");
        var alternate = WebUtility.HtmlDecode(AlternateJson().Match(html).Groups[1].Value);
        alternate.Should().Be(page.ApiUrl);
        (await _client.GetAsync(alternate)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // A sample's page by number reads the stored document (as REST does); by slug it assembles the record from its rows.
    [Fact]
    public async Task A_samples_page_from_its_stored_document_is_the_page_assembled_from_its_rows()
    {
        var samples = (await _client.GetJson("/api/v1/samples?limit=20")).GetProperty("items").EnumerateArray()
            .Select(s => (Number: s.GetProperty("number").GetInt32(), Slug: s.GetProperty("slug").GetString()!)).ToList();
        samples.Should().HaveCount(10);
        foreach (var (number, slug) in samples)
        {
            var stored = await _client.GetStringAsync($"/samples/{number}");
            // The language switch links the address asked for; everything else is the record's.
            var assembled = (await _client.GetStringAsync($"/samples/{slug}")).Replace($"/samples/{slug}?lang=", $"/samples/{number}?lang=");
            stored.Should().Be(assembled, $"sample {number}");
            stored.Should().Contain("<html").And.Contain($"/api/v1/samples/{number}");
        }
    }

    [Fact]
    public async Task Pages_render_without_loading_a_data_protection_key_ring_at_start()
    {
        // Razor components bring data protection; its key ring is not read (or written) at start, and the pages, which
        // post no form, render without it.
        factory.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Select(s => s.GetType().Name)
            .Should().NotContain("DataProtectionHostedService").And.NotBeEmpty();
        (await _client.GetAsync("/search?q=%E5%8C%BB%E4%BF%9D")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_page_is_cached_like_json_etag_and_304()
    {
        var first = await _client.GetAsync("/samples/2");
        var etag = first.Headers.ETag;
        etag.Should().NotBeNull();
        var again = new HttpRequestMessage(HttpMethod.Get, "/samples/2");
        again.Headers.IfNoneMatch.Add(etag!);
        var second = await _client.SendAsync(again);
        second.StatusCode.Should().Be(HttpStatusCode.NotModified);

        var english = await _client.GetAsync("/samples/2?lang=en");
        english.Headers.ETag.Should().NotBe(etag, "each language is its own page");
    }

    [Fact]
    public async Task English_is_one_click_away_on_the_same_page_and_marked_as_our_translation()
    {
        var zh = await _client.GetStringAsync("/samples/7");
        zh.Should().Contain("href=\"/samples/7?lang=en\"").And.Contain("医保纾困");
        var en = await _client.GetStringAsync("/samples/7?lang=en");
        en.Should().Contain("<html lang=\"en\">").And.Contain("href=\"/samples/7\"").And.Contain("class=\"tr\"")
            .And.Contain("RuianSamples' own translations");
        en.Should().Contain("<p class=\"original\" lang=\"zh-CN\">", "the Chinese title stays beside the translation");
        en.Should().Contain("href=\"/regions/", "links keep the language").And.Contain("?lang=en\"");
    }

    [Fact]
    public async Task A_page_shows_exactly_the_figures_the_api_returns_with_quote_passage_link_and_cite_line()
    {
        var api = await _client.GetJson("/api/v1/samples/2");
        var html = await _client.GetStringAsync("/samples/2");
        var ids = FigureRow().Matches(html).Select(m => m.Groups[1].Value).ToList();
        ids.Should().Equal(api.GetProperty("figures").EnumerateArray().Select(f => f.GetProperty("id").GetString()));
        foreach (var f in api.GetProperty("figures").EnumerateArray())
        {
            var citation = f.GetProperty("citation");
            html.Should().Contain(citation.GetProperty("quote").GetString())
                .And.Contain($"/sources/{citation.GetProperty("sourceId").GetString()}?offset={citation.GetProperty("quoteOffset").GetInt32()}&amp;length=")
                .And.Contain(citation.GetProperty("cite").GetProperty("zh").GetString()!.Replace("\"", "&quot;", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_passage_link_marks_the_quote_in_the_source_text()
    {
        var figure = await _client.GetJson("/api/v1/figures/f001-018");
        var citation = figure.GetProperty("citation");
        var quote = citation.GetProperty("quote").GetString();
        var passage = citation.GetProperty("passageHtmlUrl").GetString()!;
        passage.Should().Be($"/sources/{citation.GetProperty("sourceId").GetString()}?offset={citation.GetProperty("quoteOffset").GetInt32()}&length={quote!.Length}#quote");
        var html = await _client.GetStringAsync(passage);
        html.Should().Contain($"<mark id=\"quote\">{quote}</mark>");
        Regex.Count(html, "<p class=\"current\">").Should().Be(1, "the paragraph around the quote is marked too");
    }

    [Theory]
    [InlineData("/api/v1/samples/2")]
    [InlineData("/api/v1/reforms/financial-commissioners")]
    [InlineData("/api/v1/regions/ruian")]
    [InlineData("/api/v1/themes/income-distribution")]
    [InlineData("/api/v1/figures/f001-018")]
    [InlineData("/api/v1/sources/wenzhou-ten-samples")]
    public async Task Every_api_record_names_its_page_and_the_page_names_the_record_back(string apiUrl)
    {
        var record = await _client.GetJson(apiUrl);
        var htmlUrl = record.GetProperty("htmlUrl").GetString()!;
        htmlUrl.Should().Be(apiUrl["/api/v1".Length..]);
        var html = await _client.GetStringAsync(htmlUrl);
        WebUtility.HtmlDecode(AlternateJson().Match(html).Groups[1].Value).Should().Be(record.GetProperty("url").GetString());
        foreach (var reference in record.EnumerateObject().Where(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.Object && p.Value.TryGetProperty("url", out _)))
            reference.Value.GetProperty("htmlUrl").GetString().Should().Be(reference.Value.GetProperty("url").GetString()!["/api/v1".Length..], $"{reference.Name} links its page too");
    }

    [Theory]
    [InlineData("/samples/99", 404)]
    [InlineData("/reforms/no-such-reform", 404)]
    [InlineData("/figures/nope", 404)]
    [InlineData("/sources/nope", 404)]
    [InlineData("/regions/nowhere", 404)]
    [InlineData("/themes/nothing", 404)]
    [InlineData("/figures?year=abc", 400)]
    [InlineData("/figures?region=atlantis", 400)]
    [InlineData("/sources/wenzhou-ten-samples?offset=99999999", 400)]
    public async Task A_wrong_address_or_filter_is_an_html_page_with_the_apis_status(string url, int status)
    {
        var response = await _client.GetAsync(url);
        ((int)response.StatusCode).Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await response.Content.ReadAsStringAsync()).Should().Contain("class=\"problem\"");
    }

    [Fact]
    public async Task Every_text_is_html_encoded_even_a_quote_with_a_script_tag_and_quotes()
    {
        const string evil = "<script>alert(\"x\")</script>'\"&";
        await using (var connection = factory.OpenDatabase())
        {
            // FALSE, not 0: a boolean on PostgreSQL, 0 on SQLite.
            await Dapper.SqlMapper.ExecuteAsync(connection, """
                INSERT INTO figures (key, subject_type, subject_key, region_slug, indicator_zh, indicator_en, value, value_text, unit, base_value, base_unit,
                    qualifier, period, year, period_inferred, kind, source_id, quote, quote_offset)
                SELECT 'evil-1', 'region', 'ruian', 'ruian', @Evil, @Evil, 1, @Evil, @Evil, 1, NULL, 'exact', '2022', 2022, FALSE, 'count', id, @Evil, 0
                FROM sources ORDER BY id LIMIT 1
                """, new { Evil = evil });
        }
        foreach (var url in new[] { "/figures/evil-1", "/figures/evil-1?lang=en", "/figures?region=ruian&year=2022&sort=-id&limit=5" })
        {
            var html = await _client.GetStringAsync(url);
            html.Should().NotContain("<script>alert").And.NotContain("alert(\"x\")");
            html.Should().Contain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#x27;&quot;&amp;");
        }
    }

    [Fact]
    public async Task The_api_keeps_its_index_at_api_v1_and_the_site_takes_the_root()
    {
        var root = await _client.GetAsync("/");
        root.StatusCode.Should().Be(HttpStatusCode.OK);
        root.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await _client.GetJson("/api/v1")).GetProperty("resources").GetArrayLength().Should().BeGreaterThan(5);
    }

    [Theory]
    [MemberData(nameof(SitePages.Names), MemberType = typeof(SitePages))]
    public async Task Each_page_type_stays_within_its_weight_budget(string name)
    {
        var page = SitePages.Named(name);
        var (html, assets) = await PageWeight.MeasureAsync(_client, page.Url);
        var total = html + assets;
        total.Should().BeLessThanOrEqualTo(page.BudgetKb * 1024,
            $"{page.Url}: HTML {html} B + CSS/JS {assets} B (Brotli) must stay within the README's budget of {page.BudgetKb} KB");
        if (name != "figures")
            (await _client.GetStringAsync(page.Url)).Should().NotContain("/site/chart.js", "only pages with a chart load ECharts");
    }

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();

    [GeneratedRegex("<link rel=\"alternate\" type=\"application/json\" href=\"([^\"]+)\"")]
    private static partial Regex AlternateJson();

    [GeneratedRegex("<tr id=\"figure-([^\"]+)\"")]
    private static partial Regex FigureRow();
}

/// <summary>A page's weight as a browser fetches it: HTML plus the CSS and JS it links, each Brotli-compressed as served.</summary>
public static partial class PageWeight
{
    public static async Task<(long Html, long Assets)> MeasureAsync(HttpClient client, string url)
    {
        var html = await CompressedAsync(client, url);
        var text = await client.GetStringAsync(url);
        long assets = 0;
        foreach (Match m in AssetLink().Matches(text))
            assets += (await CompressedAsync(client, WebUtility.HtmlDecode(m.Groups[1].Value))).Length;
        return (html.Length, assets);
    }

    private static async Task<byte[]> CompressedAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        response.Content.Headers.ContentEncoding.Should().Contain("br", $"{url} is served compressed");
        return await response.Content.ReadAsByteArrayAsync();
    }

    [GeneratedRegex("(?:href|src)=\"(/site/[^\"]+)\"")]
    private static partial Regex AssetLink();
}
