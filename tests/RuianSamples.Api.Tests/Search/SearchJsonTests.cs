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
        var (hits, snippets) = (0, 0);
        foreach (var query in queries)
            foreach (var extra in new[] { "", "&group=false", "&limit=3&type=figure,reform" })
            {
                var body = await _client.GetByteArrayAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}{extra}");
                var page = JsonSerializer.Deserialize<SearchResultsPage>(body, ApiHttpExtensions.Json)!;
                hits += page.Items.Count;
                Encoding.UTF8.GetString(body).Should().Be(JsonSerializer.Serialize(page, ApiHttpExtensions.Json), $"{query}{extra}");
                // What is written agrees with itself: marked is text with « and » around each match (the kept rows'
                // fragments are written from their bytes, not from these strings).
                foreach (var snippet in page.Items.SelectMany(h => h.Snippets.Concat(h.Evidence.SelectMany(e => e.Snippets))))
                {
                    snippet.Marked.Should().Be(Marked(snippet.Text, snippet.Matches), $"{query}{extra}");
                    snippets++;
                }
            }
        hits.Should().BeGreaterThan(1000, "the pages hold hits with evidence and snippets to compare");
        snippets.Should().BeGreaterThan(1000);
    }

    private static string Marked(string text, IReadOnlyList<MatchRange> matches)
    {
        var marked = new StringBuilder();
        var at = 0;
        foreach (var m in matches)
        {
            marked.Append(text, at, m.Start - at).Append('«').Append(text, m.Start, m.Length).Append('»');
            at = m.Start + m.Length;
        }
        return marked.Append(text, at, text.Length - at).ToString();
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

        // The same fragment of a kept row's field (RowJson): written from its UTF-8 bytes when the encoder leaves the field
        // as it is, and from the field as the writer encodes it when the fragment is the whole field.
        var plain = RowJson.IsPlain(field);
        plain.Should().Be(!field.Contains('"') && !field.Contains('\\') && !field.Contains('\u2028') && !field.Any(char.IsSurrogate));
        var whole = new EncodedField(JsonEncodedText.Encode(field, ApiHttpExtensions.Encoder));
        foreach (var kept in new[] { new Snippet("text.en", field, offset, length, matches, plain, whole), new Snippet("text.en", field, 0, field.Length, matches, plain, whole) })
        {
            var keptHit = hit with { Snippets = [kept] };
            JsonSerializer.Serialize(new[] { keptHit }, SearchJson.Options).Should().Be(JsonSerializer.Serialize(new[] { keptHit }, ApiHttpExtensions.Json));
        }
    }

    [Theory]
    [InlineData("reform", "r-1", "改革", "reform \"one\"", "/api/v1/reforms/r-1")]
    [InlineData("sample", "7", "“医保纾困”𠀀", "Medical insurance \u2028", "/api/v1/samples/7")]
    [InlineData("milestone", "m-1", "事件", "event", "/api/v1/samples/7/milestones/m-1")]
    public void A_kept_rows_head_is_written_as_the_general_serializer_writes_it(string type, string id, string zh, string en, string url)
    {
        var head = EncodedHead.For(id, zh, en, url);
        var title = new Label(zh, en);
        var evidence = new SearchEvidence("figure", id, title, url, "514个", 9.4658, []) { Head = head };
        var hit = new SearchHit(type, id, title, url, 15.828, [], "record", [evidence], 0) { Head = head };
        head.Describes(id, title, url).Should().BeTrue();
        JsonSerializer.Serialize(new[] { hit }, SearchJson.Options).Should().Be(JsonSerializer.Serialize(new[] { hit }, ApiHttpExtensions.Json));

        // A hit copied with other strings than its head was made from is written from its own.
        var other = hit with { Title = new Label(zh + "2", en), Url = url + "x", Id = id + "y" };
        head.Describes(other.Id, other.Title, other.Url).Should().BeFalse();
        JsonSerializer.Serialize(new[] { other }, SearchJson.Options).Should().Be(JsonSerializer.Serialize(new[] { other }, ApiHttpExtensions.Json));
    }

    /// <summary>Scores are formatted without the float formatter where their decimal digits are their shortest form.</summary>
    [Fact]
    public void Scores_are_written_as_the_general_serializer_writes_doubles()
    {
        var scores = new List<double> { 0, -0.0, 0.0001, 0.00001, 1, 10, 15.828, 9.4658, -0.1, 1.5, 999_999_999.9999, 1e9, 1e15, 12.34567, double.MaxValue, 1e-300 };
        var random = new Random(17);
        for (var i = 0; i < 5000; i++) scores.Add(Math.Round((random.NextDouble() - 0.2) * Math.Pow(10, random.Next(-4, 10)), 4));
        foreach (var score in scores)
        {
            var hit = new SearchHit("reform", "r", new Label("改革", "reform"), "/api/v1/reforms/r", score, [], "record", [], 0);
            JsonSerializer.Serialize(hit, SearchJson.Options).Should().Be(JsonSerializer.Serialize(hit, ApiHttpExtensions.Json), $"{score:R}");
        }
    }
}
