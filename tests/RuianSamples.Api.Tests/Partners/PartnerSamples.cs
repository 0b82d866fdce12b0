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

    public const string ReformSourceText = "测试改革来源（测试数据，不是真实改革）\n瑞安市推行测试一码通改革，\n企业办事只需扫一次码。该改革于2024年启动，为省级试点。\n该做法在全 国首创。\n更正：该改革于2023年启动。\n";

    /// <summary>A source whose text the test reform quotes.</summary>
    public static string ReformSource(string id) => Source(id).Replace(System.Text.Json.JsonSerializer.Serialize(SourceText), System.Text.Json.JsonSerializer.Serialize(ReformSourceText));

    public static string Reform(string slug, string sourceId, string region = "ruian", string description = "瑞安市推行测试一码通改革，企业办事只需扫一次码。",
        string firstQuote = "该做法在全国首创", string theme = "public-services", string? extra = null) => $$"""
        {
          "slug": "{{slug}}",
          "name": { "zh": "测试一码通改革", "en": "Test one-code reform" },
          "region": { "slug": "{{region}}" },
          "startYear": { "year": 2024, "inferred": false, "quote": "该改革于2024年启动", "basis": null },
          "pilotLevel": { "level": "provincial", "quote": "为省级试点" },
          "firsts": [ { "claim": "全国首创", "scope": "national", "quote": "{{firstQuote}}", "sourceId": "{{sourceId}}" } ],
          "themes": [ { "slug": "{{theme}}" } ],
          "themesInferred": true, "themesBasis": "test: a service reform",
          "description": { "zh": "{{description}}", "en": "Test: Rui'an runs a one-code reform (our translation)." },
          "samples": [ { "number": 2 } ],
          "sourceId": "{{sourceId}}"{{extra}}
        }
        """;

    public const string ReformCorrection = """
        { "startYear": { "year": 2023, "quote": "更正：该改革于2023年启动" }, "comment": "The commission's correction notice" }
        """;
}
