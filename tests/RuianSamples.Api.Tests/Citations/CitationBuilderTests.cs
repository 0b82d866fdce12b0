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
}
