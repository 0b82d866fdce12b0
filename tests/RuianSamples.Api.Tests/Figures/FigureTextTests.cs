using RuianSamples.Api.Figures;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Figures;

/// <summary>A figure's value as the source writes it: the qualifier where Chinese puts it, the unit never doubled.</summary>
public class FigureTextTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("2000", "个", "多", "温州现有各类住宅小区2000多个", "2000多个")]
    [InlineData("260", "项", "余", "推动260余项政策“免申即享”", "260余项")]
    [InlineData("480", "万人", "余", "居民480余万人", "480余万人")]
    [InlineData("4", "万户", "余", "智能烟雾报警器安装4万余户", "4万余户")]
    [InlineData("350", "亿元", "以上", "综合财力保障规模达350亿元以上", "350亿元以上")]
    [InlineData("8", "%", "左右", "规上工业增加值增长8%左右", "8%左右")]
    [InlineData("300", "名", "超", "下派金融专员超300名", "超300名")]
    [InlineData("8分59秒", "秒", null, "缩短至8分59秒", "8分59秒")]
    [InlineData("百亿", "亿元", "突破", "云江基金港基金规模突破百亿大关", "突破百亿元")]
    [InlineData("1197.9", "亿元", null, "实现地区生产总值1197.9亿元", "1197.9亿元")]
    [InlineData("3/4", null, null, "3/4", "3/4")]
    public void The_value_reads_as_the_source_writes_it(string valueText, string? unit, string? qualifier, string quote, string expected) =>
        FigureText.AsWritten(valueText, unit, qualifier, quote).Should().Be(expected);

    [Theory]
    [InlineData("4200", "户", "余", "4200余户")]
    [InlineData("350", "亿元", "以上", "350亿元以上")]
    [InlineData("21", "万平方米", "超", "超21万平方米")]
    public void Without_the_quote_the_usual_order_is_used(string valueText, string unit, string qualifier, string expected) =>
        FigureText.AsWritten(valueText, unit, qualifier).Should().Be(expected);

    [Theory]
    [InlineData("/figures/f001-067", "2000多个", "多2000个")]
    [InlineData("/figures/f002-203", "350亿元以上", "以上350亿元")]
    [InlineData("/figures/f000-003", "8分59秒", "8分59秒秒")]
    [InlineData("/figures/f002-033", "突破百亿元", "百亿亿元")]
    [InlineData("/", "2000多个", "多2000个")]
    public async Task Pages_show_the_value_as_written(string url, string shown, string never)
    {
        var html = await _client.GetStringAsync(url);
        html.Should().Contain(shown).And.NotContain(never);
    }

    [Fact]
    public async Task Search_evidence_shows_the_value_as_written()
    {
        var body = await _client.GetJson("/api/v1/search?q=%E9%99%A2%E5%89%8D%E6%80%A5%E6%95%91");
        var details = body.GetProperty("items").EnumerateArray()
            .SelectMany(i => i.GetProperty("evidence").EnumerateArray()).Select(e => e.GetProperty("detail").GetString()).ToList();
        details.Should().Contain("8分59秒").And.NotContain("8分59秒秒");
    }
}
