using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Tests.Data.Seeding;

public class QuoteNormalizerTests
{
    [Theory]
    [InlineData("西\n\n瓜", "西瓜")]
    [InlineData("激 励 着 温 州", "激励着温州")]
    [InlineData("高 质 量 完 成 村 社 换 届 。 社", "高质量完成村社换届。社")]
    [InlineData("推动山区县 高质量腾飞", "推动山区县高质量腾飞")]
    [InlineData("PM2.5 浓度", "PM2.5 浓度")]
    [InlineData("10 万亩", "10 万亩")]
    [InlineData("“三位一体”\r\n改革", "“三位一体”改革")]
    [InlineData("中\u3000文", "中文")]
    public void Drops_line_breaks_and_spaces_between_CJK_only(string input, string expected) =>
        QuoteNormalizer.Normalize(input).Should().Be(expected);
}
