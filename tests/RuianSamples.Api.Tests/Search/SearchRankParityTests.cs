using FluentAssertions;
using RuianSamples.Api.Data;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// PostgreSQL ranks with FTS5's bm25 (0009_search_bm25.sql, <see cref="PostgresMatch"/>): for every query of the judged
/// set, and phrases that end in a prefix or overlap themselves, both engines find the same rows with the same rank, equal
/// to the last bit, so that ties and the order after them are SQLite's too; and the same English words marked (from each
/// engine's index texts; SearchHighlightTests holds those marks to highlight() in SQLite's own index).
/// </summary>
[Trait(Engines.Trait, Engines.PostgresOnly)]
public class SearchRankParityTests
{
    private static readonly string[] Extra =
    [
        "{zh_title_bi zh_body_bi en_title en_body} : \"commission\" *",
        "{zh_title_bi zh_body_bi en_title en_body} : \"financ\" * AND {zh_title_bi zh_body_bi} : \"医保\"",
        "{zh_title_bi zh_body_bi} : \"村村\"",
        "{zh_title_bi zh_body_bi} : \"户每 每户 户每\"", // overlaps itself, and the texts hold 户每户每
        "{zh_title_bi zh_body_bi} : \"每户 户每 每户\"",
        "{zh_title_uni zh_body_uni} : \"村\"",
        "{zh_title_bi zh_body_bi en_title en_body} : (\"ruian\" OR \"rui an\")",
    ];

    [PostgresFact]
    public async Task Every_match_has_the_same_rank_on_both_engines()
    {
        var sqlitePath = Path.Combine(TempPaths.NewDirectory("rank-parity"), "catalog.db");
        var postgres = TestEngine.CreateDatabase();
        try
        {
            using var sqliteDb = CatalogDb.Create(new CatalogOptions { DataDirectory = Path.GetDirectoryName(sqlitePath)!, SeedsDirectory = TempPaths.ShippedSeeds });
            using var postgresDb = CatalogDb.Create(new CatalogOptions { Engine = "postgres", ConnectionString = postgres, SeedsDirectory = TempPaths.ShippedSeeds });
            var sqlite = new SearchQueries(sqliteDb, new VersionedCache(sqliteDb));
            var pg = new SearchQueries(postgresDb, new VersionedCache(postgresDb));
            var aliases = await sqlite.AliasesAsync();
            var queries = SearchRelevanceTests.Load().Select(j => j.Query).Distinct().ToList();
            var matches = queries.Select(q => SearchService.BuildMatch(SearchService.Parse(QueryUnderstanding.ToSimplified(q)), aliases)).Concat(Extra).Distinct().ToList();
            var none = new SearchQueries.Filter(null, null, null, null, null, null);
            var compared = 0;
            var highlighted = 0;
            foreach (var match in matches)
            {
                var expected = await sqlite.MatchAsync(match, "", none, null, 0, 100_000);
                var actual = await pg.MatchAsync(match, "", none, null, 0, 100_000);
                actual.Select(r => (r.Id, r.Rank)).Should().Equal(expected.Select(r => (r.Id, r.Rank)), match);
                var subjects = await pg.SubjectMatchesAsync(match, "", [], none).ToListAsync();
                subjects.Select(r => (r.Id, r.Rank)).OrderBy(r => r.Id).Should().Equal(
                    (await sqlite.SubjectMatchesAsync(match, "", [], none).ToListAsync()).Select(r => (r.Id, r.Rank)).OrderBy(r => r.Id), match);
                compared += expected.Count;
                // English marks: from each engine's stored spans, and by FTS5's highlight() in memory over each engine's
                // own index texts; the same words are marked.
                if (match.Any(char.IsAsciiLetterLower) && expected.Count > 0)
                {
                    var page = expected.Take(20).Select(r => r.Id).ToList();
                    var (reference, _) = await sqlite.PageAsync(page, [], new SearchQueries.EnglishHighlight(match, null));
                    foreach (var marks in new[] { EnglishMarks.For(match), null })
                    {
                        var (marked, _) = await pg.PageAsync(page, [], new SearchQueries.EnglishHighlight(match, marks));
                        foreach (var id in page)
                        {
                            marked[id].TitleEnRanges.Should().Equal(reference[id].TitleEnRanges, match);
                            marked[id].TextEnRanges.Should().Equal(reference[id].TextEnRanges, match);
                            marked[id].Row.TextEn.Should().Be(reference[id].Row.TextEn, match);
                            highlighted += reference[id].TextEnRanges.Count;
                        }
                    }
                }
            }
            compared.Should().BeGreaterThan(1000, "the judged set's queries match many rows");
            highlighted.Should().BeGreaterThan(50, "English queries mark words in the English texts");
        }
        finally
        {
            TestEngine.DropDatabase(postgres);
        }
    }
}
