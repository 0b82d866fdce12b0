using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Partners;

/// <summary>GraphQL mutations go through the same write services and rules as REST, with spec-shaped error codes.</summary>
public class MutationTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private const string Create = """
        mutation($source: String!, $quote: String!) {
          createFigure(input: { subjectType: "region", subjectKey: "ruian", indicatorZh: "地区生产总值", indicatorEn: "GDP (test)",
            value: 1500, valueText: "1500", unit: "亿元", qualifier: "exact", period: "2024", kind: "amount", region: "ruian",
            sourceId: $source, quote: $quote }) { key value revision citation { quote } }
        }
        """;

    private static string Code(System.Text.Json.JsonElement body) => body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task A_bureau_adds_a_source_and_a_figure_corrects_it_and_refusals_carry_codes()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        var added = await ruian.DataAsync("""
            mutation($text: String!) { addSource(input: { id: "gql-bulletin", titleZh: "测试公报", titleEn: "Test bulletin", date: "2025-03", datePrecision: "month", text: $text }) { sourceId url } }
            """, new { text = PartnerSamples.SourceText });
        added.GetProperty("addSource").GetProperty("url").GetString().Should().Be("/api/v1/sources/gql-bulletin");

        var figure = (await ruian.DataAsync(Create, new { source = "gql-bulletin", quote = "2024年，瑞安市全年实现地区生产总值1500亿元" })).GetProperty("createFigure");
        var key = figure.GetProperty("key").GetString()!;
        figure.GetProperty("revision").GetInt32().Should().Be(1);

        const string correct = """
            mutation($key: String!, $revision: Int!) {
              correctFigure(key: $key, revision: $revision, comment: "correction notice",
                patch: { value: 1512, valueText: "1512", quote: "更正：2024年全年地区生产总值应为1512亿元" }) { value revision history { revision action agency comment } }
            }
            """;
        var (_, stale) = await ruian.PostAsync(correct, new { key, revision = 7 });
        Code(stale).Should().Be("PRECONDITION_FAILED");
        var corrected = (await ruian.DataAsync(correct, new { key, revision = 1 })).GetProperty("correctFigure");
        corrected.GetProperty("value").GetDouble().Should().Be(1512);
        corrected.GetProperty("revision").GetInt32().Should().Be(2);
        (await factory.CreateClient().GetJson($"/api/v1/figures/{key}")).GetProperty("revision").GetInt64().Should().Be(2, "REST sees the GraphQL correction");
        (await factory.CreateClient().GetJson($"/api/v1/figures/{key}/history")).GetArrayLength().Should().Be(2);

        // The same mutation twice runs twice (never served from the result cache): the second is based on a stale revision.
        Code((await ruian.PostAsync(correct, new { key, revision = 1 })).Body).Should().Be("PRECONDITION_FAILED");

        Code((await factory.CreateClient().PostAsync(Create, new { source = "gql-bulletin", quote = "x" })).Body).Should().Be("UNAUTHENTICATED");
        var pingyang = factory.ClientWithKey(factory.CreateKey("平阳县统计局", "pingyang", "figures:write"));
        Code((await pingyang.PostAsync(Create, new { source = "gql-bulletin", quote = "2024年，瑞安市全年实现地区生产总值1500亿元" })).Body).Should().Be("FORBIDDEN");
        var sourcesOnly = factory.ClientWithKey(factory.CreateKey("来源", "ruian", "sources:write"));
        Code((await sourcesOnly.PostAsync(Create, new { source = "gql-bulletin", quote = "2024年，瑞安市全年实现地区生产总值1500亿元" })).Body).Should().Be("FORBIDDEN");
        var (_, invalid) = await ruian.PostAsync(Create, new { source = "gql-bulletin", quote = "2024年，瑞安市全年实现地区生产总值9999亿元" });
        Code(invalid).Should().Be("BAD_USER_INPUT");
        invalid.GetProperty("errors")[0].ToString().Should().Contain("verbatim-in-source");
        var retracted = await ruian.DataAsync("""mutation($key: String!) { retractFigure(key: $key, revision: 2, comment: "superseded") { retraction { by comment } } }""", new { key });
        retracted.GetProperty("retractFigure").GetProperty("retraction").GetProperty("by").GetString().Should().Be("瑞安市统计局");
        Code((await ruian.PostAsync(correct, new { key, revision = 3 })).Body).Should().Be("CONFLICT");
    }
}
