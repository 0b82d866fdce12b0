using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Common;

/// <summary>
/// The year facet counts the records without a year under 'unknown'; every facet value is a filter a client can send
/// back: year=unknown in REST (reforms, figures, honors and the figures export), yearUnknown: true in GraphQL.
/// </summary>
public class YearUnknownFilterTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<int> UnknownFacetCount(string list)
    {
        var page = await _client.GetJson($"/api/v1/{list}?facets=true&limit=1");
        var unknown = page.GetProperty("facets").GetProperty("year").EnumerateArray().Where(f => f.GetProperty("value").GetString() == "unknown").ToList();
        unknown.Should().ContainSingle($"some {list} have no year in the seeds");
        return unknown[0].GetProperty("count").GetInt32();
    }

    [Theory]
    [InlineData("reforms", "startYear")]
    public async Task The_unknown_year_facet_value_is_a_filter_giving_exactly_the_records_it_counts(string list, string yearField)
    {
        var count = await UnknownFacetCount(list);
        count.Should().BeGreaterThan(0);
        var items = await _client.AllPages($"/api/v1/{list}?year=unknown&limit=7");
        items.Should().HaveCount(count, "paging year=unknown by cursor visits every record the facet counted");
        items.Where(i => HasValue(i, yearField)).Should().BeEmpty();
        var filtered = await _client.GetJson($"/api/v1/{list}?year=unknown&facets=true&limit=1");
        filtered.GetProperty("totalCount").GetInt32().Should().Be(count);
        filtered.GetProperty("facets").GetProperty("year").EnumerateArray().Select(f => f.GetProperty("value").GetString()).Should().Equal("unknown");
    }

    [Fact]
    public async Task Figures_take_year_unknown_though_every_seeded_figure_has_a_year()
    {
        // The seeds date every figure; a partner's figure may have no year, and the facet would then offer 'unknown'.
        var withoutYear = (await _client.AllPages("/api/v1/figures?limit=100")).Count(f => !HasValue(f, "year"));
        (await _client.GetJson("/api/v1/figures?year=unknown")).GetProperty("totalCount").GetInt32().Should().Be(withoutYear);
    }

    [Fact]
    public async Task Honors_without_a_year_are_found_with_year_unknown()
    {
        var all = await _client.AllPages("/api/v1/honors?limit=100");
        var withoutYear = all.Where(h => !HasValue(h, "year")).Select(h => h.GetProperty("slug").GetString()).ToList();
        withoutYear.Should().NotBeEmpty();
        (await _client.AllPages("/api/v1/honors?year=unknown&limit=100")).Select(h => h.GetProperty("slug").GetString()).Should().Equal(withoutYear);
    }

    [Fact]
    public async Task GraphQL_yearUnknown_gives_the_same_records_and_cursors_as_REST()
    {
        var rest = await _client.GetJson("/api/v1/reforms?year=unknown&limit=3");
        var data = await _client.DataAsync("""
            { reforms(first: 3, filter: { yearUnknown: true }) { totalCount pageInfo { endCursor } edges { node { slug startYear { year } } } }
              figures(filter: { yearUnknown: true }) { totalCount }
              honors(filter: { yearUnknown: true }) { totalCount } }
            """);
        var reforms = data.GetProperty("reforms");
        reforms.GetProperty("totalCount").GetInt32().Should().Be(rest.GetProperty("totalCount").GetInt32());
        reforms.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("slug").GetString())
            .Should().Equal(rest.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("slug").GetString()));
        reforms.GetProperty("pageInfo").GetProperty("endCursor").GetString().Should().Be(rest.GetProperty("next").GetString());
        data.GetProperty("figures").GetProperty("totalCount").GetInt32().Should().Be((await _client.GetJson("/api/v1/figures?year=unknown")).GetProperty("totalCount").GetInt32());
        data.GetProperty("honors").GetProperty("totalCount").GetInt32().Should().Be((await _client.GetJson("/api/v1/honors?year=unknown")).GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Unknown_is_refused_beside_a_range_and_a_cursor_of_another_year_filter_is_refused()
    {
        var both = await _client.GetJson("/api/v1/reforms?year=unknown&yearFrom=2020", HttpStatusCode.BadRequest);
        both.GetProperty("errors").TryGetProperty("year", out _).Should().BeTrue(both.ToString());
        await _client.GetJson("/api/v1/reforms?year=someday", HttpStatusCode.BadRequest);
        // Milestones always have a date, so their year stays a number.
        await _client.GetJson("/api/v1/milestones?year=unknown", HttpStatusCode.BadRequest);

        var unfiltered = (await _client.GetJson("/api/v1/reforms?limit=2")).GetProperty("next").GetString()!;
        var problem = await _client.GetJson($"/api/v1/reforms?year=unknown&limit=2&cursor={Uri.EscapeDataString(unfiltered)}", HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be("/problems/invalid-cursor");

        var (_, body) = await _client.PostAsync("{ reforms(filter: { yearUnknown: true, year: 2020 }) { totalCount } }");
        var error = body.GetProperty("errors")[0];
        error.GetProperty("extensions").GetProperty("code").GetString().Should().Be("BAD_USER_INPUT");
        error.GetProperty("extensions").GetProperty("data").GetProperty("argument").GetString().Should().Be("yearUnknown");
    }

    [Fact]
    public async Task The_figures_export_takes_year_unknown_too()
    {
        var response = await _client.GetAsync("/api/v1/export/figures.ndjson?year=unknown");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount((await _client.GetJson("/api/v1/figures?year=unknown")).GetProperty("totalCount").GetInt32());
        (await _client.GetAsync("/api/v1/export/figures.ndjson?year=someday")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private static bool HasValue(JsonElement item, string property) => item.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;
}
