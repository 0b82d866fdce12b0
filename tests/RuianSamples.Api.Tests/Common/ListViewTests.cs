using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Common;

/// <summary>view=summary: the same records, order, totals and cursors as the full list, each item a few fields and its url.</summary>
public class ListViewTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private async Task<JsonElement> Json(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{url}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    [Theory]
    [InlineData("/api/v1/reforms?limit=7&sort=-startYear", "slug")]
    [InlineData("/api/v1/reforms?region=ruian&facets=true&limit=5", "slug")]
    [InlineData("/api/v1/samples?limit=3", "number")]
    public async Task A_summary_page_lists_what_the_full_page_lists_with_the_same_cursors_and_each_item_is_one_GET_from_its_record(string list, string id)
    {
        for (string? full = list, summary = list + "&view=summary"; full is not null;)
        {
            var fullPage = await Json(full);
            var summaryPage = await Json(summary!);
            summaryPage.GetProperty("totalCount").GetInt32().Should().Be(fullPage.GetProperty("totalCount").GetInt32());
            summaryPage.GetProperty("next").ToString().Should().Be(fullPage.GetProperty("next").ToString(), "the view changes the items, not the paging");
            if (fullPage.TryGetProperty("facets", out var facets)) summaryPage.GetProperty("facets").GetRawText().Should().Be(facets.GetRawText());
            var fullItems = fullPage.GetProperty("items").EnumerateArray().ToList();
            var summaries = summaryPage.GetProperty("items").EnumerateArray().ToList();
            summaries.Select(s => s.GetProperty(id).ToString()).Should().Equal(fullItems.Select(f => f.GetProperty(id).ToString()));
            foreach (var (s, f) in summaries.Zip(fullItems))
            {
                s.GetProperty("url").GetString().Should().Be(f.GetProperty("url").GetString());
                s.TryGetProperty("figures", out _).Should().BeFalse("a summary leaves the record's figures, quotes and sources to its url");
                var (name, value) = s.TryGetProperty("title", out var title) ? ("title", title) : ("name", s.GetProperty("name"));
                value.GetRawText().Should().Be(f.GetProperty(name).GetRawText());
                (await Json(s.GetProperty("url").GetString()!)).GetRawText().Should().Be(f.GetRawText(), "the full record is one GET away");
            }
            summaryPage.GetProperty("items").GetRawText().Length.Should().BeLessThan(fullPage.GetProperty("items").GetRawText().Length / 3,
                "a page of summaries is a fraction of the page of full records");
            full = fullPage.GetProperty("links").GetProperty("next").GetString();
            summary = summaryPage.GetProperty("links").GetProperty("next").GetString();
            if (full is not null) summary.Should().Contain("view=summary");
        }
    }

    [Fact]
    public async Task An_unknown_view_is_a_400_naming_the_parameter()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/reforms?view=compact");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("view");
    }
}
