namespace RuianSamples.Api.Tests.Partners;

/// <summary>Test documents (not data about Rui'an: the catalog's real sources are in seeds/).</summary>
public static class PartnerSamples
{
    public const string SourceText = "测试来源（测试数据，不是统计数字）\n2024年，瑞安市全年实现地区生产\n总值1500亿元，比上年增长6.5%。\n更 正：2024年全年地区生产总值应为1512亿元。\n";

    public static string Source(string id) => $$"""
        {
          "id": "{{id}}",
          "title": { "zh": "测试公报", "en": "Test bulletin" },
          "publication": { "zh": "测试", "en": "Test" },
          "byline": null,
          "date": "2025-03",
          "datePrecision": "month",
          "dateInferred": false,
          "originalUrl": "https://example.org/bulletin",
          "text": {{System.Text.Json.JsonSerializer.Serialize(SourceText)}}
        }
        """;

    public static string Figure(string sourceId, string region = "ruian", string quote = "2024年，瑞安市全年实现地区生产总值1500亿元", string valueText = "1500", string? extra = null) => $$"""
        {
          "subject": { "type": "region", "key": "{{region}}" },
          "indicator": { "zh": "地区生产总值", "en": "GDP (test)" },
          "value": {{valueText}}, "valueText": "{{valueText}}", "unit": "亿元",
          "qualifier": "exact", "period": "2024", "periodInferred": false,
          "kind": "amount",
          "region": { "slug": "{{region}}" },
          "citation": { "sourceId": "{{sourceId}}", "quote": "{{quote}}" }{{extra}}
        }
        """;

    public const string Correction = """
        { "value": 1512, "valueText": "1512", "citation": { "quote": "更正：2024年全年地区生产总值应为1512亿元" }, "comment": "The bureau's correction notice" }
        """;
}
