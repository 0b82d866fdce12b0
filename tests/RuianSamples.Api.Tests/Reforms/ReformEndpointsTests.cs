using Dapper;
using System.Net;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Reforms;

public class ReformEndpointsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_partner_pages_through_every_ruian_reform_once_and_gets_304_next_time()
    {
        var first = await _client.GetJson("/api/v1/reforms?region=ruian&limit=7");
        var total = first.GetProperty("totalCount").GetInt32();

        var all = await _client.AllPages("/api/v1/reforms?region=ruian&limit=7");

        total.Should().BeGreaterThanOrEqualTo(40);
        all.Should().HaveCount(total);
        all.Select(r => r.GetProperty("slug").GetString()).Should().OnlyHaveUniqueItems();
        var response = await _client.GetAsync("/api/v1/reforms?region=ruian&limit=7");
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/reforms?region=ruian&limit=7");
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        (await _client.SendAsync(again)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }

    [Theory]
    [InlineData("id")]
    [InlineData("-id")]
    [InlineData("slug")]
    [InlineData("-slug")]
    [InlineData("startYear")]
    [InlineData("-startYear")]
    public async Task Every_sort_pages_through_the_whole_collection_once_in_order(string sort)
    {
        var total = (await _client.GetJson("/api/v1/reforms")).GetProperty("totalCount").GetInt32();

        var all = await _client.AllPages($"/api/v1/reforms?sort={sort}&limit=13");

        all.Select(r => r.GetProperty("slug").GetString()).Should().OnlyHaveUniqueItems().And.HaveCount(total);
        if (sort.EndsWith("slug"))
        {
            var slugs = all.Select(r => r.GetProperty("slug").GetString()!).ToList();
            slugs.Should().Equal(sort.StartsWith('-') ? slugs.OrderByDescending(s => s, StringComparer.Ordinal) : slugs.OrderBy(s => s, StringComparer.Ordinal));
        }
        if (sort.EndsWith("startYear"))
        {
            var years = all.Select(r => r.GetProperty("startYear").ValueKind == System.Text.Json.JsonValueKind.Null ? 0 : r.GetProperty("startYear").GetProperty("year").GetInt32()).ToList();
            years.Should().BeInAscendingOrder(Comparer<int>.Create((a, b) => sort.StartsWith('-') ? b.CompareTo(a) : a.CompareTo(b)));
        }
    }

    // A theme in id order is read from the theme's index (ReformQueries.ByTheme), every other filter and order by walking
    // reforms: both must give what the catalog holds, in order, once, in full documents and in summaries.
    [Theory]
    [InlineData("id", "")]
    [InlineData("-id", "")]
    [InlineData("id", "&view=summary")]
    [InlineData("-id", "&view=summary")]
    public async Task A_theme_pages_through_its_reforms_once_in_id_order(string sort, string view)
    {
        using var connection = factory.OpenDatabase();
        var themes = connection.Query<string>("SELECT slug FROM themes ORDER BY slug").ToList();
        themes.Should().NotBeEmpty();
        foreach (var theme in themes)
            foreach (var region in new[] { "", "ruian" })
            {
                var expected = connection.Query<string>($"""
                    SELECT r.slug FROM reforms r JOIN regions g ON g.slug = r.region_slug
                    WHERE EXISTS (SELECT 1 FROM reform_themes rt WHERE rt.reform_id = r.id AND rt.theme_slug = @Theme)
                      AND g.path LIKE (SELECT path FROM regions WHERE slug = @Region) || '%'
                    ORDER BY r.id {(sort.StartsWith('-') ? "DESC" : "")}
                    """, new { Theme = theme, Region = region.Length == 0 ? "zhejiang" : region }).ToList();
                var url = $"/api/v1/reforms?theme={theme}&sort={sort}&limit=3{view}" + (region.Length == 0 ? "" : "&region=" + region);

                var all = await _client.AllPages(url);

                all.Select(r => r.GetProperty("slug").GetString()).Should().Equal(expected, url);
                (await _client.GetJson(url)).GetProperty("totalCount").GetInt32().Should().Be(expected.Count, url);
            }
    }

    [Fact]
    public async Task The_region_filter_includes_towns()
    {
        var ruian = (await _client.AllPages("/api/v1/reforms?region=ruian&limit=100")).Select(r => r.GetProperty("region").GetProperty("slug").GetString()).ToList();
        ruian.Should().Contain("ruian");
        ruian.Should().Contain(s => s != "ruian", "reforms of Rui'an's towns count as Rui'an's");
        var wenzhou = (await _client.GetJson("/api/v1/reforms?region=wenzhou")).GetProperty("totalCount").GetInt32();
        wenzhou.Should().BeGreaterThan(ruian.Count);
    }

    [Fact]
    public async Task Filters_narrow_and_facets_count_the_current_filter()
    {
        var sample2 = await _client.GetJson("/api/v1/reforms?sample=2");
        sample2.GetProperty("items").Strings("slug").Should().Contain("financial-commissioners");

        var provincial = await _client.AllPages("/api/v1/reforms?pilotLevel=provincial&limit=100");
        provincial.Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("pilotLevel").GetProperty("level").GetString() == "provincial");

        var faceted = await _client.GetJson("/api/v1/reforms?region=ruian&facets=true");
        var facets = faceted.GetProperty("facets");
        facets.GetProperty("region").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()).Should().Be(faceted.GetProperty("totalCount").GetInt32());
        facets.GetProperty("year").EnumerateArray().Sum(f => f.GetProperty("count").GetInt32()).Should().Be(faceted.GetProperty("totalCount").GetInt32());
        facets.GetProperty("theme").GetArrayLength().Should().BeGreaterThan(0);

        var since2020 = await _client.AllPages("/api/v1/reforms?yearFrom=2020&limit=100");
        since2020.Should().OnlyContain(r => r.GetProperty("startYear").GetProperty("year").GetInt32() >= 2020);
    }

    [Fact]
    public async Task A_reform_carries_its_firsts_with_quotes_and_its_figures_with_citations()
    {
        var withFirsts = (await _client.AllPages("/api/v1/reforms?limit=100")).Where(r => r.GetProperty("firsts").GetArrayLength() > 0).ToList();
        withFirsts.Should().NotBeEmpty();
        foreach (var first in withFirsts.SelectMany(r => r.GetProperty("firsts").EnumerateArray()))
            first.GetProperty("quote").GetString().Should().NotBeNullOrEmpty();

        var reform = await _client.GetJson("/api/v1/reforms/prehospital-emergency-reform");
        var response = reform.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("valueText").GetString() == "8分59秒");
        response.GetProperty("value").GetDouble().Should().Be(539);
        response.GetProperty("baseline").GetProperty("valueText").GetString().Should().Be("10分2秒");
        response.GetProperty("baseline").GetProperty("change").GetDouble().Should().Be(-63);
    }

    [Fact]
    public async Task A_cursor_cannot_be_replayed_against_another_filter()
    {
        var page = await _client.GetJson("/api/v1/reforms?region=ruian&limit=5");
        var cursor = page.GetProperty("next").GetString();
        var problem = await _client.GetJson($"/api/v1/reforms?region=wenzhou&limit=5&cursor={cursor}", HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be("/problems/invalid-cursor");
    }
}
