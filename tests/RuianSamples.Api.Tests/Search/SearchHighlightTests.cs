using FluentAssertions;
using RuianSamples.Api.Data;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// A page's English marks come from the spans the index build stored with each row (<see cref="EnglishMarks"/>) or, for a
/// query those cannot mark (an AND beneath an OR) and for a row stored without spans, from FTS5's highlight() over the
/// row's own index texts in memory (<see cref="Fts5Text.Mark"/>): either way at a cost that depends on the page, not on
/// how often the word occurs in the catalog. Both must give the marks highlight() makes in the catalog's own index
/// (search_fts, the row found by its MATCH and rowid), for every row every query of the judged set finds.
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
        var (rows, marks, fromSpans) = (0, 0, 0);
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
            var spans = EnglishMarks.For(match);
            foreach (var marker in spans is null ? [null] : new[] { spans, null })
            {
                var (docs, _) = await queries.PageAsync(ids, [], new SearchQueries.EnglishHighlight(match, marker));
                foreach (var rowId in ids)
                {
                    var (title, text) = expected[rowId];
                    var doc = docs[rowId];
                    // A title that is not indexed (en_title empty) has no marks.
                    if (title.Length == 0) doc.TitleEnRanges.Should().BeEmpty($"{match}, row {rowId}'s title is not indexed");
                    else Marked(doc.Row.TitleEn, doc.TitleEnRanges).Should().Be(title, $"{match}, row {rowId}'s title, {(marker is null ? "in memory" : "from spans")}");
                    Marked(doc.Row.TextEn, doc.TextEnRanges).Should().Be(text, $"{match}, row {rowId}'s body, {(marker is null ? "in memory" : "from spans")}");
                    marks += text.Count(c => c == '\uE000') + title.Count(c => c == '\uE000');
                    if (marker is not null) fromSpans++;
                }
                rows += ids.Count;
            }
        }
        rows.Should().BeGreaterThan(1000, "the judged set's English and number queries find many rows");
        marks.Should().BeGreaterThan(500, "English queries mark words in the English texts");
        fromSpans.Should().BeGreaterThan(1000, "most queries are marked from the stored spans");
        matches.Count(m => EnglishMarks.For(m) is null).Should().BeGreaterThan(0, "a synonym of two words beneath an OR is marked in memory");
    }

    /// <summary>
    /// Latin words in Chinese text are found by a search for their first letter, then compared ignoring case: every place
    /// string.IndexOf(OrdinalIgnoreCase) finds and no other (ı, ſ and the Kelvin sign are not the ASCII letters).
    /// </summary>
    [Theory]
    [InlineData("瑞安G20峰会与g20", "g20")]
    [InlineData("2021年，2021", "2021")]
    [InlineData("ſervice and Service, SERVICE", "service")]
    [InlineData("ıncome INCOME income", "Income")]
    [InlineData("abc", "abcd")]
    [InlineData("医保", "x")]
    [InlineData("xX\u017fs", "s")]
    [InlineData("5G5g", "5g")]
    [InlineData("Kelvin \u212Aelvin kelvin", "kelvin")]
    public void Latin_words_are_found_where_a_case_blind_search_finds_them(string text, string word)
    {
        text = System.Text.RegularExpressions.Regex.Unescape(text);
        for (var from = 0; from <= text.Length; from++)
            SearchService.IndexOfIgnoringCase(text, word, from).Should().Be(text.IndexOf(word, from, StringComparison.OrdinalIgnoreCase), $"from {from} in {text}");
    }

    /// <summary>A text with its ranges between U+E000 and U+E001, as highlight() writes it.</summary>
    private static string Marked(string text, IReadOnlyList<MatchRange> ranges)
    {
        var builder = new System.Text.StringBuilder();
        var at = 0;
        foreach (var r in ranges)
        {
            builder.Append(text, at, r.Start - at).Append('\uE000').Append(text, r.Start, r.Length).Append('\uE001');
            at = r.Start + r.Length;
        }
        return builder.Append(text, at, text.Length - at).ToString();
    }
}
