using System.Net;
using System.Text.Json;
using FluentAssertions;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// On SQLite a search page's rows are read as one packed value each, their texts apart by U+001F (SearchQueries.PackedRow).
/// A text holding U+001F or U+001E itself, as a partner may write, must come back as written: that page is read column
/// by column instead.
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
}
