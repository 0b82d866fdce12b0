using RuianSamples.Api.Citations;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.Tests.Citations;

/// <summary>The APA line of a source without a byline (a partner's bulletin): the title moves to the author's place, "Title. (Date)."</summary>
public class CitationBuilderTests
{
    [Fact]
    public void An_apa_line_without_authors_puts_the_title_first_with_one_period_each()
    {
        var source = new CitedSource("example", "示例公报", "Example bulletin", "示例", "Example", null, "2025-03", false, null);
        var line = CitationBuilder.Apa(new CitedRecord("source", "example", new Label("示例公报", "Example bulletin"), null, source), null);
        line.Should().Be("示例公报 [Example bulletin; title translated by RuianSamples]. (2025, March). 示例.");
        line.Should().NotContain("..");
    }

    [Fact]
    public void A_newspaper_in_ris_keeps_its_issue_date_beside_its_year()
    {
        // A partner's newspaper source dated to the day: PY is the year (RIS for NEWS), DA the issue date.
        var source = new CitedSource("example-daily", "示例报道", "Example story", "示例日报", "Example Daily", "记者 张三", "2025-03-05", false, null);
        var access = new CitationAccess("https://catalog.example", "7", new DateOnly(2026, 12, 5));
        var lines = CitationBuilder.Ris(new CitedRecord("source", "example-daily", new Label("示例报道", "Example story"), null, source), access).Split("\r\n");
        lines.Should().StartWith(["TY  - NEWS", "AU  - 张三", "TI  - 示例报道", "T2  - 示例日报", "PY  - 2025", "DA  - 2025/03/05/"]);
    }

    [Theory]
    [InlineData("浙江日报", SourceGenre.Newspaper)]
    [InlineData("温州晚报", SourceGenre.Newspaper)]
    [InlineData("都市快报", SourceGenre.Newspaper)]
    [InlineData("瑞安报", SourceGenre.Newspaper)]
    [InlineData("浙江大学学报", SourceGenre.Other)]
    [InlineData("瑞安市人民政府公报", SourceGenre.Other)]
    [InlineData("温州市统计月报", SourceGenre.Other)]
    [InlineData("瑞安市发展改革工作简报", SourceGenre.Other)]
    [InlineData("瑞安市人民政府", SourceGenre.Other)]
    public void A_publication_ending_in_bao_is_a_newspaper_unless_it_names_another_kind(string publication, SourceGenre genre)
    {
        new CitedSource("example", "示例", "Example", publication, "Example", null, "2025", false, null).Genre.Should().Be(genre);
        // Its title still tells a report: 报告 in a title that no newspaper published.
        if (genre == SourceGenre.Other)
            new CitedSource("example", "工作报告", "Work report", publication, "Example", null, "2025", false, null).Genre.Should().Be(SourceGenre.Report);
    }
}
