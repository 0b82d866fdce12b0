using System.Text.Json;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Honors;

/// <summary>GraphQL's honors and honor(slug:) roots answer what REST's /api/v1/honors answers, with the same filters, sorts, cursors and messages.</summary>
public class HonorGraphQLTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string HonorsQuery = """
        query($first: Int, $after: String, $filter: HonorFilter, $sort: String) {
          honors(first: $first, after: $after, filter: $filter, sort: $sort) {
            totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { id slug name { zh en } rank year yearInferred region { slug } citation { sourceId quote } url } }
          }
        }
        """;

    [Fact]
    public async Task Honors_pages_as_REST_does_with_its_filters_sort_and_cursors()
    {
        var rest = await _client.GetJson("/api/v1/honors?region=ruian&ranked=true&sort=rank&limit=3");
        var data = await _client.DataAsync(HonorsQuery, new { first = 3, filter = new { region = "ruian", ranked = true }, sort = "rank" });
        var honors = data.GetProperty("honors");
        honors.GetProperty("totalCount").GetInt32().Should().Be(rest.GetProperty("totalCount").GetInt32()).And.BeGreaterThan(3);
        Slugs(honors).Should().Equal(rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        var first = honors.GetProperty("edges")[0].GetProperty("node");
        var restFirst = rest.GetProperty("items")[0];
        first.GetProperty("rank").GetInt32().Should().Be(restFirst.GetProperty("rank").GetInt32());
        first.GetProperty("citation").GetProperty("quote").GetString().Should().Be(restFirst.GetProperty("citation").GetProperty("quote").GetString());
        first.GetProperty("url").GetString().Should().Be(restFirst.GetProperty("url").GetString());

        // REST's next cursor continues the GraphQL listing and the other way round.
        var restNext = rest.GetProperty("next").GetString();
        honors.GetProperty("pageInfo").GetProperty("endCursor").GetString().Should().Be(restNext);
        var second = (await _client.DataAsync(HonorsQuery, new { first = 3, after = restNext, filter = new { region = "ruian", ranked = true }, sort = "rank" })).GetProperty("honors");
        var restSecond = await _client.GetJson($"/api/v1/honors?region=ruian&ranked=true&sort=rank&limit=3&cursor={Uri.EscapeDataString(restNext!)}");
        Slugs(second).Should().Equal(restSecond.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
    }

    [Fact]
    public async Task Every_honor_is_listed_and_each_is_found_by_slug_and_by_node_id()
    {
        var rest = await _client.GetJson("/api/v1/honors?limit=100");
        var all = (await _client.DataAsync(HonorsQuery, new { first = 100 })).GetProperty("honors");
        all.GetProperty("totalCount").GetInt32().Should().Be(69);
        Slugs(all).Should().Equal(rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));

        var slug = "ruian-china-top100-county-2022";
        var one = (await _client.DataAsync("""
            query($slug: String!) { honor(slug: $slug) { id slug name { zh } rank year region { slug } source { sourceId } } }
            """, new { slug })).GetProperty("honor");
        var restOne = await _client.GetJson($"/api/v1/honors/{slug}");
        one.GetProperty("slug").GetString().Should().Be(slug);
        one.GetProperty("name").GetProperty("zh").GetString().Should().Be(restOne.GetProperty("name").GetProperty("zh").GetString());
        one.GetProperty("region").GetProperty("slug").GetString().Should().Be(restOne.GetProperty("region").GetProperty("slug").GetString());
        var node = (await _client.DataAsync("query($id: ID!) { node(id: $id) { ... on Honor { slug } } }", new { id = one.GetProperty("id").GetString() }));
        node.GetProperty("node").GetProperty("slug").GetString().Should().Be(slug);

        (await _client.DataAsync("{ honor(slug: \"no-such-honor\") { slug } }")).GetProperty("honor").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("{ honors(sort: \"name\") { totalCount } }", "sort")]
    [InlineData("{ honors(filter: { region: \"atlantis\" }) { totalCount } }", "region")]
    [InlineData("{ honors(filter: { year: 2022, yearFrom: 2020 }) { totalCount } }", "year")]
    [InlineData("{ honors(first: 500) { totalCount } }", "first")]
    public async Task A_bad_argument_is_a_BAD_USER_INPUT_error_naming_it(string query, string argument)
    {
        var (_, body) = await _client.PostAsync(query);
        var error = body.GetProperty("errors")[0];
        error.GetProperty("extensions").GetProperty("code").GetString().Should().Be("BAD_USER_INPUT", body.ToString());
        error.GetProperty("extensions").GetProperty("data").GetProperty("argument").GetString().Should().Be(argument);
    }

    private static IEnumerable<string?> Slugs(JsonElement connection) =>
        connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("slug").GetString());
}
