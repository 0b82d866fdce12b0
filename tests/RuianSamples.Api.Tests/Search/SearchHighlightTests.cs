using FluentAssertions;
using RuianSamples.Api.Data;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// A page's English marks come from FTS5's highlight() over the page's own index texts in memory (<see cref="Fts5Text.Mark"/>),
/// so that their cost depends on the page, not on how often the word occurs in the catalog. They must be the marks that
/// highlight() makes in the catalog's own index (search_fts, the row found by its MATCH and rowid), for every row every
/// query of the judged set finds, with the Chinese columns (any query) and without them (a query of phrases joined by OR only).
/// </summary>
public class SearchHighlightTests
{
    private static readonly string[] Extra =
    [
        "{zh_title_bi zh_body_bi en_title en_body} : \"commission\" *",
        "{zh_title_bi zh_body_bi en_title en_body} : \"financ\" * AND {zh_title_bi zh_body_bi} : \"医保\"",
        "{zh_title_bi zh_body_bi en_title en_body} : (\"ruian\" OR \"rui an\")",
        "({zh_title_bi zh_body_bi en_title en_body} : \"health\" AND {zh_title_bi zh_body_bi en_title en_body} : \"insurance\") OR ({zh_title_bi zh_body_bi} : \"医保\")",
        "{zh_title_bi zh_body_bi en_title en_body} : \"2021\"",
    ];

    private const string CatalogHighlightSql = """
        SELECT highlight(search_fts, 4, char(57344), char(57345)), highlight(search_fts, 5, char(57344), char(57345))
        FROM search_fts WHERE search_fts MATCH $match AND search_fts.rowid = $id
        """;

    [Fact]
    public async Task In_memory_marks_are_the_marks_of_the_catalogs_own_index()
    {
        var directory = TempPaths.NewDirectory("search-highlight");
        using var db = CatalogDb.Create(new CatalogOptions { DataDirectory = directory, SeedsDirectory = TempPaths.ShippedSeeds });
        var queries = new SearchQueries(db, new VersionedCache(db));
        var aliases = await queries.AliasesAsync();
        var matches = SearchRelevanceTests.Load().Select(j => j.Query).Distinct()
            .Select(q => SearchService.BuildMatch(SearchService.WithSynonyms(SearchService.Parse(QueryUnderstanding.ToSimplified(q))), aliases))
            .Concat(Extra).Where(m => m.Any(char.IsAsciiLetterLower) || m.Any(char.IsAsciiDigit)).Distinct().ToList();
        var none = new SearchQueries.Filter(null, null, null, null, null, null);
        var (rows, marks, phrasesOnly) = (0, 0, 0);
        foreach (var match in matches)
        {
            var ids = (await queries.MatchAsync(match, "", none, null, 0, 100_000)).Select(r => r.Id).ToList();
            if (ids.Count == 0) continue;
            var expected = new Dictionary<long, (string, string)>();
            using (var connection = db.OpenRead())
            using (var command = connection.Sqlite.CreateCommand())
            {
                command.CommandText = CatalogHighlightSql;
                command.Parameters.AddWithValue("$match", match);
                var id = command.Parameters.Add("$id", Microsoft.Data.Sqlite.SqliteType.Integer);
                foreach (var rowId in ids)
                {
                    id.Value = rowId;
                    using var reader = command.ExecuteReader();
                    reader.Read().Should().BeTrue(match);
                    expected[rowId] = (reader.GetString(0), reader.GetString(1));
                }
            }
            foreach (var onlyPhrases in match.Contains(" AND ", StringComparison.Ordinal) ? [false] : new[] { false, true })
            {
                var (docs, _) = await queries.PageAsync(ids, [], new SearchQueries.EnglishHighlight(match, onlyPhrases));
                foreach (var rowId in ids)
                {
                    var (title, text) = expected[rowId];
                    // Without the Chinese columns a row with no English marks may not come back at all: no English snippet either way.
                    if (onlyPhrases && !title.Contains('\uE000') && docs[rowId].TitleEnMarked.IndexOf('\uE000') < 0 && !text.Contains('\uE000') && docs[rowId].TextEnMarked.IndexOf('\uE000') < 0) continue;
                    docs[rowId].TitleEnMarked.Should().Be(title, match);
                    docs[rowId].TextEnMarked.Should().Be(text, match);
                    marks += text.Count(c => c == '\uE000') + title.Count(c => c == '\uE000');
                    if (onlyPhrases) phrasesOnly++;
                }
                rows += ids.Count;
            }
        }
        rows.Should().BeGreaterThan(1000, "the judged set's English and number queries find many rows");
        marks.Should().BeGreaterThan(500, "English queries mark words in the English texts");
        phrasesOnly.Should().BeGreaterThan(100, "single-word queries are marked without the Chinese columns");
    }
}
