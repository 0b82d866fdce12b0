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

    [Theory]
    [InlineData("/api/v1/reforms?year=1901")]
    [InlineData("/api/v1/reforms?year=1901&view=summary")]
    [InlineData("/api/v1/samples?theme=income-gap")]
    [InlineData("/api/v1/samples?theme=income-gap&view=summary")]
    public async Task An_empty_page_of_either_view_validates_against_the_document(string url)
    {
        // An empty page is a valid full page and a valid summary page at once: under oneOf (exactly one) it validated
        // against neither; the two shapes are documented as anyOf.
        var client = factory.CreateClient();
        var document = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(body).RootElement.GetProperty("items").GetArrayLength().Should().Be(0, "the filter finds nothing");
        new Contracts.OpenApiValidator(document).Validate(url, response, body).Should().BeEmpty();
    }

    [Fact]
    public async Task An_unknown_view_is_a_400_naming_the_parameter()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/reforms?view=compact");
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("view");
    }
}
