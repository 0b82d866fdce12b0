using System.Net;
using System.Text.Json;
using FluentAssertions;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// On SQLite a search page's rows are read as one packed value each, their texts apart by U+001F (SearchQueries.PackedRow).
/// A text holding U+001F or U+001E itself, as a partner may write, must come back as written: that page is read column
/// by column instead. Rows once read are kept per dataset version (SearchQueries.PageAsync): a write shows at once, and
/// one query's marks never reach another's page.
/// </summary>
public class SearchPageRowsTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    [Fact]
    public async Task Texts_holding_the_packing_characters_come_back_as_written()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource("packing-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var reform = PartnerSamples.Reform("packing-check-reform", "packing-check")
            .Replace("\"en\": \"Test one-code reform\"", "\"en\": \"Test one-code\\u001freform\\u001e\"", StringComparison.Ordinal);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", reform);
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var client = factory.CreateClient();
        foreach (var query in new[] { "测试一码通", "one-code", "测试一码通 reform" })
        foreach (var grouped in new[] { "true", "false" })
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}&group={grouped}"));
            var hit = page.RootElement.GetProperty("items").EnumerateArray()
                .Single(i => i.GetProperty("id").GetString() == "packing-check-reform");
            hit.GetProperty("type").GetString().Should().Be("reform", query);
            hit.GetProperty("title").GetProperty("zh").GetString().Should().Be("测试一码通改革", query);
            hit.GetProperty("title").GetProperty("en").GetString().Should().Be("Test one-code\u001freform\u001e", query);
            hit.GetProperty("url").GetString().Should().Be("/api/v1/reforms/packing-check-reform", query);
        }
    }

    [Fact]
    public async Task Kept_rows_follow_a_rename_at_once_and_each_query_marks_its_own_copy()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource("row-cache-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform("row-cache-reform", "row-cache-check"));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        // Every request asks a page of its own size, so no response is served from the response cache: the rows are.
        var client = factory.CreateClient();
        var size = 10;
        async Task<JsonElement> Hit(string query)
        {
            using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}&group=false&limit={size++}"));
            return page.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == "row-cache-reform").Clone();
        }
        static string Marked(JsonElement hit, string field) =>
            hit.GetProperty("snippets").EnumerateArray().Single(s => s.GetProperty("field").GetString() == field).GetProperty("marked").GetString()!;

        (await Hit("一码通")).GetProperty("title").GetProperty("zh").GetString().Should().Be("测试一码通改革");
        (await Hit("一码通")).GetProperty("title").GetProperty("zh").GetString().Should().Be("测试一码通改革");

        // Two English queries that find only this reform, each asked many times at once (each request once: no response
        // is kept): each page is marked for its own words, whatever the other marks meanwhile.
        var test = Marked(await Hit("Test one-code"), "title.en");
        var reform = Marked(await Hit("one-code reform"), "title.en");
        test.Should().Contain("«Test»").And.NotContain("«reform»");
        reform.Should().Contain("«reform»").And.NotContain("«Test»");
        var marked = new System.Collections.Concurrent.ConcurrentBag<(string Query, string Marked)>();
        // Sixteen at a time, as a busy client would: the engine's pool answers more with 503 and Retry-After.
        await Parallel.ForEachAsync(Enumerable.Range(0, 4 * 98), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
        {
            var query = i % 2 == 0 ? "Test one-code" : "one-code reform";
            using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(query)}&group={(i % 4 < 2 ? "true" : "false")}&limit={3 + i / 4}"));
            var hit = page.RootElement.GetProperty("items").EnumerateArray().Single(h => h.GetProperty("id").GetString() == "row-cache-reform");
            marked.Add((query, Marked(hit, "title.en")));
        });
        marked.Should().HaveCount(4 * 98);
        marked.Where(m => m.Marked != (m.Query == "Test one-code" ? test : reform)).Should().BeEmpty($"each query marks \"{test}\" or \"{reform}\"");

        var etag = (await client.GetAsync("/api/v1/reforms/row-cache-reform")).Headers.ETag!.Tag;
        var renamed = await ruian.Send(HttpMethod.Patch, "/api/v1/reforms/row-cache-reform",
            """{ "name": { "zh": "瑞安扫一次码改革", "en": "Rui'an scan-once reform" }, "comment": "renamed" }""", "application/merge-patch+json", ifMatch: etag);
        renamed.StatusCode.Should().Be(HttpStatusCode.OK, await renamed.Content.ReadAsStringAsync());

        // Its description still says 一码通: the same query finds it under its new name, never the row kept before.
        var after = await Hit("一码通");
        after.GetProperty("title").GetProperty("zh").GetString().Should().Be("瑞安扫一次码改革");
        after.GetProperty("title").GetProperty("en").GetString().Should().Be("Rui'an scan-once reform");
        Marked(await Hit("one-code reform"), "title.en").Should().Be("Rui'an scan-once «reform»");
    }
}
