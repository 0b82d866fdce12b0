using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// A grouped search counts its facets from the matches it groups, in the same pass (SearchService.FacetsAsync); a flat
/// search (group=false) counts them with the facets statement. For every judged query, alone and under a theme and a
/// region, asked for the first time each way, the two must give the same counts.
/// </summary>
public class SearchFacetsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    [Fact]
    public async Task Facets_counted_while_grouping_are_the_facets_statements_counts()
    {
        var client = factory.CreateClient();
        async Task<string> Facets(string query) =>
            JsonDocument.Parse(await client.GetStringAsync(query)).RootElement.GetProperty("facets").GetProperty("type").GetRawText();

        var compared = 0;
        var nonEmpty = 0;
        foreach (var judged in SearchRelevanceTests.Load())
        foreach (var filters in new[] { "", "&theme=public-services", "&region=ruian" })
        {
            var q = $"/api/v1/search?q={Uri.EscapeDataString(judged.Query)}{filters}&limit=1";
            var grouped = await Facets(q);
            grouped.Should().Be(await Facets(q + "&group=false"), q);
            compared++;
            if (grouped != "[]") nonEmpty++;
        }
        compared.Should().BeGreaterThan(300);
        nonEmpty.Should().BeGreaterThan(150);
    }
}
