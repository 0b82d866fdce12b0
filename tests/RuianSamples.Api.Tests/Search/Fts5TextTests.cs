using FluentAssertions;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>The tokens PostgreSQL's index and queries use are FTS5's, read from SQLite's own tokenizer.</summary>
public class Fts5TextTests
{
    [Fact]
    public void It_tokenises_as_search_fts_is_declared()
    {
        File.ReadAllText(RepositoryFiles.PathOf("schema/migrations/0002_search.sql")).Should().Contain($"tokenize = '{Fts5Text.Declaration}'");
    }

    [Fact]
    public void Tokens_are_FTS5s_porter_stems_and_folded_letters_in_order()
    {
        Fts5Text.Of("Caresses Rui'an Café G20 commissioners 1.5").Should().Equal("caress", "rui", "an", "cafe", "g20", "commission", "1", "5");
        Fts5Text.Of("医保 保纾 纾困").Should().Equal("医保", "保纾", "纾困");
        Fts5Text.Of("  ").Should().BeEmpty();
    }

    [Fact]
    public void Rows_keep_their_texts_apart()
    {
        using var tokenizer = new Fts5Text();
        var rows = Enumerable.Range(0, 2500).Select(i => new[] { $"城市 市书 {i}", "", "", "", "Running", "" }).ToList();
        var tokens = tokenizer.Tokens(rows);
        tokens.Should().HaveCount(2500);
        tokens[2499][0].Should().Equal("城市", "市书", "2499");
        tokens[0][4].Should().Equal("run");
        tokens[0][5].Should().BeEmpty();
    }
}
