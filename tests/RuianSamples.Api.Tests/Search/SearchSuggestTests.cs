using System.Net;
using System.Text.Json;
using Dapper;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// Suggestions come from search_suggest (0012), whose rowid is their order, so the walk stops at the limit. They must be
/// what the plain statement gives (every title match in search_fts, sorted), as imported and after partner writes, on
/// both engines: the table is kept in the writes' transactions like the rest of the index.
/// </summary>
public class SearchSuggestTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    // The statement suggestions came from before 0012, kept here as the reference.
    private const string PlainSqlite = """
        SELECT d.type || ':' || d.key
        FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
        WHERE search_fts MATCH @Match AND d.type IN ('sample', 'reform', 'region')
        ORDER BY CASE d.type WHEN 'sample' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, length(d.title_zh), d.id
        LIMIT @Limit
        """;

    private const string PlainPostgres = """
        SELECT d.type || ':' || d.key
        FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
        WHERE {where} AND d.type IN ('sample', 'reform', 'region')
        ORDER BY CASE d.type WHEN 'sample' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, length(d.title_zh), d.id
        LIMIT @Limit
        """;

    // What a search box sends as it is typed: one and two characters, Chinese and Latin, traditional, several words.
    private static readonly string[] Typed =
    [
        "医", "医保", "城", "城市书房", "瑞", "瑞安", "县", "服务", "改革", "样本", "醫保", "城市書房", "测", "测试", "测试一码",
        "c", "ch", "child", "childcare", "sample", "q", "qiao", "r", "rui", "medical insur", "one-code", "test one", "t", "te", "zzz", "龘",
    ];

    private List<string> Plain(string typed, int limit)
    {
        var match = SearchService.SuggestMatch(typed);
        if (match is null) return [];
        using var connection = factory.OpenDatabase();
        if (factory.PostgresConnectionString is null)
            return connection.Query<string>(PlainSqlite, new { Match = match, Limit = limit }).ToList();
        var compiled = PostgresMatch.Compile(match);
        var parameters = new DynamicParameters(new { Limit = limit });
        parameters.AddDynamicParams(compiled.Parameters);
        return connection.Query<string>(PlainPostgres.Replace("{where}", compiled.Where, StringComparison.Ordinal), parameters).ToList();
    }

    private async Task<List<string>> Suggested(string typed, int limit)
    {
        var response = await factory.CreateClient().GetAsync($"/api/v1/search/suggest?q={Uri.EscapeDataString(typed)}&limit={limit}");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("type").GetString()}:{i.GetProperty("id").GetString()}").ToList();
    }

    private async Task SuggestionsAreThePlainStatements()
    {
        foreach (var typed in Typed)
            foreach (var limit in new[] { 10, 3 })
            {
                var items = await Suggested(typed, limit);
                var themes = items.Count(s => s.StartsWith("theme:", StringComparison.Ordinal));
                // Themes come first (from memory); the records fill what they leave of the limit.
                items.Skip(themes).Should().Equal(Plain(typed, limit).Take(limit - themes), $"suggest?q={typed}&limit={limit}");
            }
    }

    [Fact]
    public async Task Suggestions_equal_the_plain_statements_as_imported_and_after_writes_and_follow_the_writes()
    {
        await SuggestionsAreThePlainStatements();
        (await Suggested("测试", 10)).Should().BeEmpty();

        // A commission adds a reform whose title starts with 测试: from the first character it is suggested.
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource("suggest-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform("test-suggest-reform", "suggest-check"));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await Suggested("测", 10)).Should().Contain("reform:test-suggest-reform");
        (await Suggested("te", 10)).Should().Contain("reform:test-suggest-reform");
        await SuggestionsAreThePlainStatements();

        // Renamed: the old title no longer suggests it, the new one does, and its place follows the new title's length.
        var etag = (await factory.CreateClient().GetAsync("/api/v1/reforms/test-suggest-reform")).Headers.ETag!.Tag;
        var renamed = await ruian.Send(HttpMethod.Patch, "/api/v1/reforms/test-suggest-reform",
            """{ "name": { "zh": "瑞安扫一次码改革", "en": "Rui'an scan-once reform" }, "comment": "renamed" }""", "application/merge-patch+json", ifMatch: etag);
        renamed.StatusCode.Should().Be(HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync());
        (await Suggested("测", 10)).Should().NotContain("reform:test-suggest-reform");
        (await Suggested("扫一次", 10)).Should().Equal("reform:test-suggest-reform");
        await SuggestionsAreThePlainStatements();

        var (updated, rebuilt) = factory.SearchIndexAndRebuild();
        updated.Should().Contain("reform|test-suggest-reform|in order").And.NotContain("misplaced");
        rebuilt.Should().Be(updated);
    }
}
