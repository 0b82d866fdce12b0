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
}
