using System.Net;
using System.Text.RegularExpressions;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Regions;

/// <summary>/regions: GET /api/v1/regions as a page, the hierarchy as nested lists, its filters as a form.</summary>
public partial class RegionsListPageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task The_regions_page_nests_every_region_under_its_parent_county_then_towns()
    {
        var api = await _client.GetJson("/api/v1/regions?limit=100");
        var html = await _client.GetStringAsync("/regions");

        var items = api.GetProperty("items").EnumerateArray().ToList();
        api.GetProperty("totalCount").GetInt32().Should().Be(items.Count, "the whole hierarchy is on one page");
        html.Should().Contain($"共 {items.Count} 个地区");
        var parentInMarkup = ParentsInMarkup(html);
        parentInMarkup.Keys.Should().BeEquivalentTo(items.Select(r => r.GetProperty("slug").GetString()));
        foreach (var region in items)
        {
            var parent = region.GetProperty("parent");
            parentInMarkup[region.GetProperty("slug").GetString()!].Should().Be(parent.ValueKind == System.Text.Json.JsonValueKind.Null ? null : parent.GetProperty("slug").GetString(),
                $"{region.GetProperty("slug").GetString()} sits in its parent's list");
        }
        // Rui'an (a county-level city) holds its towns and subdistricts.
        var ruian = await _client.GetJson("/api/v1/regions/ruian");
        ruian.GetProperty("children").GetArrayLength().Should().BeGreaterThan(3);
        foreach (var town in ruian.GetProperty("children").EnumerateArray())
            parentInMarkup[town.GetProperty("slug").GetString()!].Should().Be("ruian");
    }

    [Fact]
    public async Task A_region_links_its_page_and_the_lists_filtered_by_it_in_the_page_language()
    {
        var html = await _client.GetStringAsync("/regions?lang=en");

        html.Should().Contain("<html lang=\"en\">").And.Contain("href=\"/regions/ruian?lang=en\"")
            .And.Contain("href=\"/reforms?region=ruian&amp;lang=en\"").And.Contain("href=\"/figures?region=ruian&amp;lang=en\"");
        html.Should().Contain("county-level city");
    }

    [Fact]
    public async Task The_parent_filter_lists_what_the_api_lists_under_it()
    {
        var api = await _client.GetJson("/api/v1/regions?parent=ruian&limit=100");
        var html = await _client.GetStringAsync("/regions?parent=ruian");

        ParentsInMarkup(html).Keys.Should().BeEquivalentTo(api.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("slug").GetString()));
        html.Should().Contain("<option value=\"ruian\" selected>");
    }

    [Fact]
    public async Task A_parent_with_nothing_below_it_stays_chosen_and_lists_nothing()
    {
        var html = await _client.GetStringAsync("/regions?parent=dongao");

        html.Should().Contain("共 0 个地区").And.Contain("<option value=\"dongao\" selected>").And.NotContain("<ul class=\"tree\">");
    }

    [Fact]
    public async Task A_bad_filter_keeps_the_form_and_says_what_is_wrong_with_the_apis_status()
    {
        var response = await _client.GetAsync("/regions?level=planet");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        html.Should().Contain("<form class=\"filters\"").And.Contain("role=\"alert\"");
    }

    /// <summary>Each region of the tree and the region of the list item around it (null at the top), read from the markup's nesting.</summary>
    private static Dictionary<string, string?> ParentsInMarkup(string html)
    {
        var tree = html[html.IndexOf("<ul class=\"tree\">", StringComparison.Ordinal)..html.IndexOf("</main>", StringComparison.Ordinal)];
        var result = new Dictionary<string, string?>();
        var open = new Stack<string?>();
        var named = false;
        foreach (Match m in TreeToken().Matches(tree))
        {
            if (m.Value == "<li>") { open.Push(null); named = false; }
            else if (m.Value == "</li>") open.Pop();
            else if (!named)
            {
                // The first region link of an item is the item; the one around it, its parent.
                var slug = m.Groups[1].Value;
                open.Pop();
                result[slug] = open.Count > 0 ? open.Peek() : null;
                open.Push(slug);
                named = true;
            }
        }
        open.Should().BeEmpty("every item is closed");
        return result;
    }

    [GeneratedRegex("<li>|</li>|<a href=\"/regions/([^\"?]+)[\"?]")]
    private static partial Regex TreeToken();
}
