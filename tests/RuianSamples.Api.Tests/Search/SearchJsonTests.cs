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

    // Fragments cut from a field as the search cuts them (the page writes marked and text from one UTF-8 copy): marks at
    // the start, the end and side by side, Chinese and characters beyond the BMP, and text the encoder must escape.
    [Theory]
    [InlineData("Rui'an sent 300 financial commissioners to 514 villages.", 4, 40, new[] { 0, 3, 22, 11 })]
    [InlineData("金融专员覆盖村社，“金融专员”精准助力", 0, 19, new[] { 0, 4, 10, 4 })]
    [InlineData("𠀀𠀁 金融专员 𠀂 end", 0, 15, new[] { 0, 2, 5, 4, 10, 2 })]
    [InlineData("before a match and after", 3, 21, new[] { 4, 1, 6, 5, 12, 3, 16, 5 })]
    [InlineData("a \"quoted\" commissioner\\ with a \u2028 separator", 0, 43, new[] { 3, 6, 11, 12 })]
    public void Marked_and_text_cut_from_a_field_are_what_the_general_serializer_writes(string field, int offset, int length, int[] ranges)
    {
        var matches = ranges.Chunk(2).Select(r => new MatchRange(r[0], r[1])).ToList();
        var snippet = new Snippet("text.en", field, offset, length, matches);
        var hit = new SearchHit("reform", "r", new Label("改革", "reform"), "/api/v1/reforms/r", 1.5, [snippet], "record", [], 0);
        var written = JsonSerializer.Serialize(new[] { hit }, SearchJson.Options);
        written.Should().Be(JsonSerializer.Serialize(new[] { hit }, ApiHttpExtensions.Json));
        written.Should().Contain(JsonSerializer.Serialize(snippet.Marked, ApiHttpExtensions.Json)[1..^1]).And.Contain("«");
    }
}
