using FluentAssertions;
using RuianSamples.Api.Data;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// The spans the index stores for a row's English texts (<see cref="EnglishMarks.Spans"/>) place FTS5's own tokens in the
/// text, and the marks read from them are highlight()'s (the whole judged set is compared in <see cref="SearchHighlightTests"/>).
/// </summary>
public class EnglishMarksTests
{
    private static string Spans(string text) => EnglishMarks.Spans(text, Fts5Text.Of(text))!;

    [Fact]
    public void Spans_place_FTS5s_tokens_in_the_text()
    {
        Spans("Rui'an's café: 300 commissioners").Should().Be("0,3,rui 4,2,an 7,1,s 9,4,cafe 15,3,300 19,13,commission");
        Spans("").Should().Be("");
        Spans(" — ").Should().Be("");
        // A letter beyond the Basic Multilingual Plane is one character of a token, two UTF-16 units.
        Spans("𝐀b c").Should().EndWith(" 4,1,c");
    }

    [Fact]
    public void Spans_are_refused_when_the_tokens_do_not_fit_the_text()
    {
        EnglishMarks.Spans("one two", ["one"]).Should().BeNull("two tokens in the text, one from FTS5");
        EnglishMarks.Spans("one", ["one", "two"]).Should().BeNull("one token in the text, two from FTS5");
        EnglishMarks.Spans("one two", ["one", "wo"]).Should().BeNull("the second token does not begin as the word does");
    }

    [Fact]
    public void Phrases_prefixes_and_overlaps_mark_as_highlight_does()
    {
        const string text = "Financial commissioners: the commission sent commissioners, commissioner by commissioner.";
        var spans = System.Text.Encoding.UTF8.GetBytes(Spans(text));
        string Marked(string match) => string.Join("|", EnglishMarks.For(match)!.Find(spans, title: false).Select(r => text.Substring(r.Start, r.Length)));

        Marked("{en_title en_body} : \"commissioners\"").Should().Be("commissioners|commissioners|commissioner|commissioner");
        Marked("{en_title en_body} : \"commission\" *").Should().Be("commissioners|commission|commissioners|commissioner|commissioner");
        Marked("{en_title en_body} : \"financial commissioners\"").Should().Be("Financial commissioners");
        // Overlapping instances are one mark; instances side by side stay apart.
        Marked("{en_title en_body} : \"commissioner by\" AND {en_title en_body} : \"by commissioner\"").Should().Be("commissioner by commissioner");
        Marked("{en_title en_body} : (\"sent\" OR \"the\")").Should().Be("the|sent");
        // Columns: a phrase on the title alone marks nothing in the body.
        EnglishMarks.For("en_title : \"commission\"")!.Find(spans, title: false).Should().BeEmpty();
        EnglishMarks.For("en_title : \"commission\"")!.Find(System.Text.Encoding.UTF8.GetBytes(Spans("The commission")), title: true).Should().ContainSingle();
    }

    [Fact]
    public void An_AND_beneath_an_OR_is_left_to_FTS5()
    {
        EnglishMarks.For("({en_title en_body} : \"health\" AND {en_title en_body} : \"insurance\") OR ({zh_title_bi zh_body_bi} : \"医保\")").Should().BeNull();
        EnglishMarks.For("{en_title en_body} : (\"childcare\" OR \"nursery\") AND {zh_title_bi zh_body_bi} : \"瑞安\"").Should().NotBeNull();
    }

    [Fact]
    public void Every_row_of_the_shipped_catalog_has_its_spans()
    {
        var directory = TempPaths.NewDirectory("english-spans");
        using var db = CatalogDb.Create(new CatalogOptions { DataDirectory = directory, SeedsDirectory = TempPaths.ShippedSeeds });
        using var connection = db.OpenRead();
        using var command = connection.Sqlite.CreateCommand();
        command.CommandText = """
            SELECT count(*), count(en_title_spans), count(en_body_spans), sum(en_body_spans <> '') FROM search_docs
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        var (rows, titles, bodies, withText) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        rows.Should().BeGreaterThan(500);
        titles.Should().Be(rows, "every English title's tokens are placed");
        bodies.Should().Be(rows, "every English body's tokens are placed");
        withText.Should().BeGreaterThan(50, "samples, reforms, figures and regions have English texts");
    }
}
