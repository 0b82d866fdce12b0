using System.Text;
using System.Text.Json;
using FluentAssertions;
using RuianSamples.Api.Common;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// GET /api/v1/search writes its hits with <see cref="SearchJson"/>; a page must be byte for byte what the API's general
/// serializer writes for the same page: every judged query, grouped and flat, with the evidence, snippets, facets,
/// applied filters and suggestions it brings.
/// </summary>
public class SearchJsonTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Every_judged_page_is_what_the_general_serializer_writes()
    {
        var queries = SearchRelevanceTests.Load().Select(j => j.Query).Append("no such thing whatsoever").Distinct().ToList();
        var hits = 0;
        foreach (var query in queries)
            foreach (var extra in new[] { "", "&group=false", "&limit=3&type=figure,reform" })
            {
                var body = await _client.GetByteArrayAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}{extra}");
                var page = JsonSerializer.Deserialize<SearchResultsPage>(body, ApiHttpExtensions.Json)!;
                hits += page.Items.Count;
                Encoding.UTF8.GetString(body).Should().Be(JsonSerializer.Serialize(page, ApiHttpExtensions.Json), $"{query}{extra}");
            }
        hits.Should().BeGreaterThan(1000, "the pages hold hits with evidence and snippets to compare");
    }

    [Fact]
    public void A_hit_with_every_part_is_written_as_the_general_serializer_writes_it()
    {
        var snippet = new Snippet("text.en", "a «mark» \"quoted\" 中文 \u2028", "a mark \"quoted\" 中文 \u2028", 7, [new MatchRange(2, 4)]);
        var evidence = new SearchEvidence("figure", "f001-019", new Label("金融专员", "commissioners"), "/api/v1/figures/f001-019", "514个", 9.4658, [snippet]);
        var hit = new SearchHit("sample", "2", new Label("“金融专员”", "“Financial commissioners”"), "/api/v1/samples/2", 15.828, [snippet, snippet],
            "record", [evidence], 1);
        var page = new[] { hit, hit with { Evidence = [], Snippets = [], Score = -0.1 } };
        JsonSerializer.Serialize(page, SearchJson.Options).Should().Be(JsonSerializer.Serialize(page, ApiHttpExtensions.Json));
    }
}
