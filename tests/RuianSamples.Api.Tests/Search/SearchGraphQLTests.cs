using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

public class SearchGraphQLTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string Hits = """
        query ($query: String!, $types: [String!], $first: Int, $after: String, $filter: SearchFilter) {
          search(query: $query, types: $types, first: $first, after: $after, filter: $filter) {
            totalCount
            typeCounts { type count }
            pageInfo { hasNextPage endCursor }
            edges { cursor type key score title { zh en } url snippets { field marked text offset matches { start length } } }
          }
        }
        """;

    /// <summary>Rows of the REST relevance table: the GraphQL field must give the same hits in the same order.</summary>
    public static TheoryData<string, string[]?, int?, string?, string> SameAsRest => new()
    {
        { "医保", null, null, null, "" },
        { "侨家乐", null, null, null, "" },
        { "financial commissioner", null, null, null, "" },
        { "\"medical insurance relief\"", null, null, null, "" },
        { "Rui'an", null, null, null, "" },
        { "文成 tourism", null, null, null, "" },
        { "医保", ["sample", "reform"], null, null, "&type=sample,reform" },
        { "金融专员", null, 2, null, "&sample=2" },
        { "民宿", null, null, "wencheng", "&region=wencheng" },
    };

    [Theory]
    [MemberData(nameof(SameAsRest))]
    public async Task Search_gives_the_same_hits_in_the_same_order_as_REST(string query, string[]? types, int? sample, string? region, string restFilters)
    {
        var data = await _client.DataAsync(Hits, new { query, types, first = 20, filter = new { sample, region } });
        var graph = data.GetProperty("search");
        var rest = JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}&limit=20{restFilters}")).RootElement;

        var graphHits = graph.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("type").GetString(), e.GetProperty("key").GetString(), e.GetProperty("score").GetDouble())).ToList();
        var restHits = rest.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("type").GetString(), i.GetProperty("id").GetString(), i.GetProperty("score").GetDouble())).ToList();
        graphHits.Should().NotBeEmpty().And.Equal(restHits);
        graph.GetProperty("totalCount").GetInt32().Should().Be(rest.GetProperty("totalCount").GetInt32());
        graph.GetProperty("typeCounts").EnumerateArray().Select(t => (t.GetProperty("type").GetString(), t.GetProperty("count").GetInt32()))
            .Should().Equal(rest.GetProperty("facets").GetProperty("type").EnumerateArray().Select(t => (t.GetProperty("value").GetString(), t.GetProperty("count").GetInt32())));
        // Snippets are REST's, field for field.
        var firstGraph = graph.GetProperty("edges")[0].GetProperty("snippets").GetRawText();
        var firstRest = rest.GetProperty("items")[0].GetProperty("snippets").GetRawText();
        JsonDocument.Parse(firstGraph).RootElement.EnumerateArray().Select(s => s.GetProperty("marked").GetString())
            .Should().Equal(JsonDocument.Parse(firstRest).RootElement.EnumerateArray().Select(s => s.GetProperty("marked").GetString()));
    }

    [Fact]
    public async Task Paging_with_after_visits_every_hit_once_in_REST_order()
    {
        var seen = new List<string>();
        string? after = null;
        int total;
        do
        {
            var search = (await _client.DataAsync(Hits, new { query = "Ruian", first = 25, after })).GetProperty("search");
            total = search.GetProperty("totalCount").GetInt32();
            seen.AddRange(search.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("type").GetString() + ":" + e.GetProperty("key").GetString()));
            after = search.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean() ? search.GetProperty("pageInfo").GetProperty("endCursor").GetString() : null;
        } while (after is not null);

        seen.Should().OnlyHaveUniqueItems().And.HaveCount(total);
        var rest = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/search?q=Ruian&limit=25")).RootElement;
        seen.Take(25).Should().Equal(rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("type").GetString() + ":" + i.GetProperty("id").GetString()));
    }

    public static TheoryData<string, object, string> BadInput => new()
    {
        { "empty", new { query = "" }, "query" },
        { "whitespace", new { query = " \t " }, "query" },
        { "too long", new { query = new string('医', 201) }, "query" },
        { "unknown type", new { query = "医保", types = new[] { "sample", "person" } }, "types" },
        { "first 0", new { query = "医保", first = 0 }, "first" },
        { "bad cursor", new { query = "医保", after = "garbage" }, "after" },
        { "unknown region", new { query = "医保", filter = new { region = "atlantis" } }, "region" },
        { "sample 11", new { query = "医保", filter = new { sample = 11 } }, "sample" },
        { "year 3000", new { query = "医保", filter = new { year = 3000 } }, "year" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_input_is_a_BAD_USER_INPUT_error_naming_the_argument(string why, object variables, string argument)
    {
        var (response, body) = await _client.PostAsync(Hits, variables);

        ((int)response.StatusCode).Should().Be(200, why);
        var error = body.GetProperty("errors")[0];
        error.GetProperty("extensions").GetProperty("code").GetString().Should().Be("BAD_USER_INPUT", why);
        var extensions = error.GetProperty("extensions");
        var named = extensions.TryGetProperty("data", out var data) ? data : extensions;
        named.TryGetProperty("argument", out var named_argument).Should().BeTrue(body.ToString());
        named_argument.GetString().Should().Be(argument, why);
        error.GetProperty("path")[0].GetString().Should().Be("search");
        error.GetProperty("message").GetString().Should().NotContainAny("Exception", "   at ");
        (!body.TryGetProperty("data", out var result) || result.ValueKind == JsonValueKind.Null).Should().BeTrue("search is non-null, so its error nulls data");
    }

    [Fact]
    public async Task The_same_messages_as_REST()
    {
        var (_, body) = await _client.PostAsync(Hits, new { query = new string('a', 201) });
        var rest = JsonDocument.Parse(await (await _client.GetAsync("/api/v1/search?q=" + new string('a', 201))).Content.ReadAsStringAsync()).RootElement;

        body.GetProperty("errors")[0].GetProperty("message").GetString().Should().Be(rest.GetProperty("errors").GetProperty("q")[0].GetString());
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("NEAR(医保 纾困)")]
    [InlineData("'; DROP TABLE search_docs; --")]
    [InlineData("医\udfff保")]
    [InlineData("{en_body en_title}:commissioner")]
    [InlineData("。。。")]
    public async Task Hostile_text_is_never_an_error(string query)
    {
        var data = await _client.DataAsync(Hits, new { query });
        data.GetProperty("search").GetProperty("edges").ValueKind.Should().Be(JsonValueKind.Array);
    }

    private const string ResultPage = """
        query SearchPage($query: String!, $first: Int, $group: Boolean) {
          search(query: $query, first: $first, group: $group) {
            totalCount
            typeCounts { type count }
            pageInfo { hasNextPage endCursor }
            edges {
              score
              snippets { field marked }
              node {
                __typename
                ... on Node { id }
                ... on PracticeSample { number title { zh en } theme { slug } regions { slug } }
                ... on Reform { slug name { zh en } region { slug name { zh } } themes { slug } }
                ... on Figure { key valueText unit indicator { zh } region { slug } source { sourceId } }
                ... on Region { slug name { zh en } }
                ... on Milestone { slug date title { zh } }
                ... on Honor { slug name { zh } year region { slug } }
                ... on SourcePassage { key number text source { sourceId title { zh } } }
                ... on Source { sourceId title { zh } }
              }
              match
              moreEvidence
              evidence { type key detail snippets { marked } node { __typename ... on Node { id } ... on Figure { key valueText unit } } }
            }
          }
        }
        """;

    [Fact]
    public async Task A_result_page_gets_hits_and_their_records_in_one_request()
    {
        var search = (await _client.DataAsync(ResultPage, new { query = "医保", first = 20 })).GetProperty("search");
        var edges = search.GetProperty("edges").EnumerateArray().ToList();

        // Records first: the practice sample whose title holds the term, then the reforms; figures are evidence beneath.
        edges.Should().HaveCountGreaterThan(3);
        var first = edges[0].GetProperty("node");
        first.GetProperty("__typename").GetString().Should().Be("PracticeSample");
        first.GetProperty("number").GetInt32().Should().Be(7);
        first.GetProperty("theme").GetProperty("slug").GetString().Should().NotBeNullOrEmpty();
        edges[0].GetProperty("match").GetString().Should().Be("record");
        edges[0].GetProperty("snippets").EnumerateArray().Should().Contain(s => s.GetProperty("marked").GetString()!.Contains("«医保»"));
        var kinds = edges.Select(e => e.GetProperty("node").GetProperty("__typename").GetString()).ToHashSet();
        kinds.Should().Contain(["Reform", "PracticeSample"]).And.NotContain("Figure");
        foreach (var edge in edges)
            edge.GetProperty("node").GetProperty("id").GetString().Should().NotBeNullOrEmpty();
        var figure = edges.SelectMany(e => e.GetProperty("evidence").EnumerateArray()).First(e => e.GetProperty("type").GetString() == "figure");
        figure.GetProperty("node").GetProperty("__typename").GetString().Should().Be("Figure");
        figure.GetProperty("detail").GetString().Should().Contain(figure.GetProperty("node").GetProperty("valueText").GetString());

        // A source whose passages match is a hit of its own, its passages beneath.
        var source = (await _client.DataAsync(ResultPage, new { query = "民宿", first = 20 })).GetProperty("search").GetProperty("edges").EnumerateArray()
            .First(e => e.GetProperty("node").GetProperty("__typename").GetString() == "Source");
        source.GetProperty("match").GetString().Should().Be("evidence");
        source.GetProperty("evidence")[0].GetProperty("node").GetProperty("__typename").GetString().Should().Be("SourcePassage");

        // The passage nodes of a flat search resolve to their source text.
        var passages = (await _client.DataAsync(ResultPage, new { query = "瑞安", first = 100, group = false })).GetProperty("search").GetProperty("edges").EnumerateArray()
            .Select(e => e.GetProperty("node")).Where(n => n.GetProperty("__typename").GetString() == "SourcePassage").ToList();
        passages.Should().NotBeEmpty();
        passages[0].GetProperty("text").GetString().Should().Contain("瑞安");
        passages[0].GetProperty("source").GetProperty("sourceId").GetString().Should().StartWith(passages[0].GetProperty("key").GetString()![..3]);
    }

    [Fact]
    public async Task Nodes_are_batch_loaded_whatever_the_page_size()
    {
        var db = factory.Services.GetRequiredService<CatalogDb>();
        const string HitsOnly = "query ($query: String!, $first: Int, $group: Boolean) { search(query: $query, first: $first, group: $group) { edges { key snippets { marked } } } }";
        async Task<long> StatementsFor(string query, int first)
        {
            await _client.DataAsync("{ __typename }");
            var before = db.StatementsExecuted;
            var edges = (await _client.DataAsync(query, new { query = "瑞安", first, group = false })).GetProperty("search").GetProperty("edges");
            edges.GetArrayLength().Should().Be(first);
            return db.StatementsExecuted - before;
        }

        // The counter also sees the statements FTS5 runs inside the search (they grow with the page), so the
        // records' cost is the difference to the same search without nodes.
        var forFive = await StatementsFor(ResultPage, 5) - await StatementsFor(HitsOnly, 5);
        var forHundred = await StatementsFor(ResultPage, 100) - await StatementsFor(HitsOnly, 100);

        // One statement per record type and relation: a hundred hits of every type must not cost a hundred statements.
        forFive.Should().BeGreaterThan(0, "the counter sees the record loads");
        forHundred.Should().BeLessThanOrEqualTo(20, "record loads are batched per type");
    }

    [Fact]
    public async Task A_hit_is_a_node_that_node_id_fetches_again()
    {
        var edges = (await _client.DataAsync(ResultPage, new { query = "瑞安", first = 100, group = false })).GetProperty("search").GetProperty("edges").EnumerateArray().ToList();
        foreach (var typename in new[] { "SourcePassage", "Region", "Reform" })
        {
            var id = edges.Select(e => e.GetProperty("node")).First(n => n.GetProperty("__typename").GetString() == typename).GetProperty("id").GetString();
            var node = (await _client.DataAsync("query ($id: ID!) { node(id: $id) { __typename id } }", new { id })).GetProperty("node");
            node.GetProperty("__typename").GetString().Should().Be(typename);
            node.GetProperty("id").GetString().Should().Be(id);
        }
    }

    [Fact]
    public async Task The_readme_search_page_query_runs()
    {
        var readme = File.ReadAllText(RepositoryFiles.PathOf("README.md"));
        var start = readme.IndexOf("query SearchPage(", StringComparison.Ordinal);
        start.Should().BePositive("README shows the search page query");
        var query = readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];

        var search = (await _client.DataAsync(query, new { q = "医保", types = new[] { "sample", "reform" } })).GetProperty("search");

        search.GetProperty("edges")[0].GetProperty("node").GetProperty("slug").GetString().Should().Be("medical-insurance-value-added-reform");
        search.GetProperty("typeCounts").GetArrayLength().Should().BeGreaterThan(2, "counts cover every type, not only the ones asked for");
    }

    [Fact]
    public async Task Suggest_applied_filters_and_nothing_found_agree_with_REST()
    {
        var suggest = (await _client.DataAsync("query ($q: String!) { suggest(query: $q, first: 5) { kind type id title { zh } url } }", new { q = "医" })).GetProperty("suggest");
        var rest = JsonDocument.Parse(await _client.GetStringAsync("/api/v1/search/suggest?q=%E5%8C%BB&limit=5")).RootElement.GetProperty("items");
        suggest.EnumerateArray().Select(s => s.GetProperty("url").GetString()).Should().NotBeEmpty().And.Equal(rest.EnumerateArray().Select(s => s.GetProperty("url").GetString()));

        const string Understood = """
            query ($q: String!, $literal: Boolean) {
              search(query: $q, literal: $literal) { totalCount applied { filter value text label { zh } } suggestions { kind url } edges { type key } }
            }
            """;
        var narrowed = (await _client.DataAsync(Understood, new { q = "Ruian childcare" })).GetProperty("search");
        narrowed.GetProperty("applied")[0].GetProperty("value").GetString().Should().Be("ruian");
        narrowed.GetProperty("edges")[0].GetProperty("key").GetString().Should().Be("6");
        var literal = (await _client.DataAsync(Understood, new { q = "Ruian childcare", literal = true })).GetProperty("search");
        literal.GetProperty("applied").GetArrayLength().Should().Be(0);
        var nothing = (await _client.DataAsync(Understood, new { q = "瑞安 不存在的词" })).GetProperty("search");
        nothing.GetProperty("totalCount").GetInt32().Should().Be(0);
        nothing.GetProperty("suggestions").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).Should().Contain("without-filters");
    }
}
