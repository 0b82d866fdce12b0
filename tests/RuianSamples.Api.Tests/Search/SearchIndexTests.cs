using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Search;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Search;

public class SearchIndexTests
{
    private static async Task<List<string>> Ids(HttpClient client, string q)
    {
        var response = await client.GetAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&limit=100");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray()
            .Select(i => $"{i.GetProperty("type").GetString()}:{i.GetProperty("id").GetString()}").ToList();
    }

    private static async Task<string?> EnglishTitle(HttpClient client, string q, string id)
    {
        using var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/search?q={Uri.EscapeDataString(q)}&group=false&limit=100"));
        return page.RootElement.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetString() == id).GetProperty("title").GetProperty("en").GetString();
    }

    [Fact]
    public async Task A_reimport_changes_what_search_finds()
    {
        var seeds = TempPaths.CopyOfSeeds();
        using var factory = new CatalogFactory { SeedsDirectory = seeds };
        var client = factory.CreateClient();
        (await Ids(client, "commissioners")).Should().Contain("reform:financial-commissioners");
        (await Ids(client, "envoys")).Should().BeEmpty();
        (await EnglishTitle(client, "金融专员", "financial-commissioners")).Should().Be("Financial commissioners");

        // A curator renames the reform's English label and re-imports.
        var file = Path.Combine(seeds, "reforms", "wenzhou-ten-samples.json");
        var reforms = JsonNode.Parse(File.ReadAllText(file))!.AsArray();
        var reform = reforms.Single(r => r!["slug"]!.GetValue<string>() == "financial-commissioners")!;
        reform["name_en"] = "Financial envoys";
        reform["description_en"] = "Rui'an sent financial envoys to its villages.";
        File.WriteAllText(file, reforms.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        factory.Reimport(seeds);
        await Task.Delay(1100); // running servers notice a replaced file within a second

        (await Ids(client, "envoys")).Should().Contain("reform:financial-commissioners");
        (await Ids(client, "commissioners")).Should().NotContain("reform:financial-commissioners").And.Contain("sample:2");
        // The re-import numbered the index's rows as before: the row kept for the version before is not shown for this one.
        (await EnglishTitle(client, "金融专员", "financial-commissioners")).Should().Be("Financial envoys");
        Directory.Delete(seeds, recursive: true);
    }

    [Fact]
    [Trait(Engines.Trait, Engines.SqliteOnly)] // FTS5's own rank
    public void The_bm25_the_statements_call_is_the_rank_the_index_is_configured_with()
    {
        using var factory = new CatalogFactory();
        _ = factory.Services;
        using var connection = new SqliteConnection(CatalogDb.WriteConnectionString(factory.DatabasePath));
        connection.Open();
        var compared = 0;
        foreach (var match in new[] { "\"医保\"", "{zh_title_bi zh_body_bi} : \"城市 市书 书房\"", "{zh_title_bi zh_body_bi en_title en_body} : \"commissioners\"", "\"2021\"" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT rank, {SearchQueries.Bm25} FROM search_fts WHERE search_fts MATCH $match";
            command.Parameters.AddWithValue("$match", match);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                reader.GetDouble(1).Should().Be(reader.GetDouble(0), match);
                compared++;
            }
        }
        compared.Should().BeGreaterThan(20);
    }

    [Fact]
    [Trait(Engines.Trait, Engines.SqliteOnly)] // a SQLite file from before the index existed
    public void A_database_migrated_from_before_search_gets_its_index_built()
    {
        var directory = TempPaths.NewDirectory("migrate");
        var path = Path.Combine(directory, "catalog.db");
        DatabaseInitializer.EnsureReady(path, TempPaths.ShippedSeeds);
        Data.PartnerMigrationTests.BeforePartnerWrites(path);
        using (var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path)))
        {
            // Make it look like a database written before 0002: index gone, version 1.
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TABLE IF EXISTS record_documents; DROP TABLE IF EXISTS search_vocab; DROP TABLE search_fts; DROP TABLE search_doc_tags; DROP TABLE search_title_keys; DROP TABLE search_aliases; DROP TABLE search_docs;
                DELETE FROM schema_versions WHERE version >= 2;
                """;
            command.ExecuteNonQuery();
        }

        DatabaseInitializer.EnsureReady(path, TempPaths.ShippedSeeds).Should().Be(DatabaseInitializer.Outcome.Migrated);

        using var check = new SqliteConnection(CatalogDb.ReadConnectionString(path) + ";Pooling=False");
        check.Open();
        using var count = check.CreateCommand();
        count.CommandText = "SELECT (SELECT count(*) FROM search_docs) = (SELECT count(*) FROM search_fts) AND (SELECT count(*) FROM search_docs WHERE type = 'reform') = (SELECT count(*) FROM reforms)";
        Convert.ToInt64(count.ExecuteScalar()).Should().Be(1);
        MigrationRunner.CurrentVersion(check).Should().Be(MigrationRunner.Latest);
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    public static TheoryData<string> SourceIds => new()
    {
        "zjdaily-ruian-reform", "wenzhou-ten-samples", "ruian-gov-work-report-2023", "wenzhou-spirit-officials", "ruian-quality-city",
    };

    /// <summary>Every caption, credit and headline of every source is found in the layout and kept out of the passages.</summary>
    [Theory]
    [MemberData(nameof(SourceIds))]
    public void Source_passages_leave_out_every_caption(string sourceId)
    {
        var text = File.ReadAllText(Path.Combine(TempPaths.ShippedSeeds, "sources", sourceId + ".txt"));
        var captions = JsonNode.Parse(File.ReadAllText(Path.Combine(TempPaths.ShippedSeeds, "captions", sourceId + ".json")))!.AsArray()
            .Select(c => c!["text"]!.GetValue<string>()).ToList();

        SearchIndexBuilder.CaptionFreeLines(text.Replace("\r", "").Split('\n'), captions, out var matched);
        matched.Should().BeEquivalentTo(captions, "each caption must be recognised where the layout put it");

        var passages = SearchIndexBuilder.Passages(text, captions);
        passages.Should().NotBeEmpty();
        passages.Should().OnlyContain(p => p.Length <= 400);
        // Captions that also occur in running text (高质量发展建设 …) may stay there; the others must be gone.
        var normalized = RuianSamples.Api.Data.Seeding.QuoteNormalizer.Normalize(text);
        foreach (var caption in captions.Where(c => CountOf(normalized, c) == 1))
            passages.Should().NotContain(p => p.Contains(caption), $"the caption '{caption}' is layout, not text");
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + 1, StringComparison.Ordinal)) count++;
        return count;
    }

    [Theory]
    [InlineData("医保", "医保", "医 保")]
    [InlineData("医保纾困", "医保 保纾 纾困", "医 保 纾 困")]
    [InlineData("文", "文", "文")]
    [InlineData("2021年,温州G20峰会", "2021 年 温州 G20 峰会", "年 温 州 峰 会")]
    [InlineData("“四千”精神", "四千 千精 精神", "四 千 精 神")]
    [InlineData("𠀀𠀁", "𠀀𠀁", "𠀀 𠀁")]
    public void Chinese_is_indexed_as_bigrams_and_unigrams(string text, string bigrams, string unigrams) =>
        SearchAnalyzer.IndexChinese(text).Should().Be((bigrams, unigrams));

    [Theory]
    [InlineData("医保", "{zh_title_bi zh_body_bi} : \"医保\"")]
    [InlineData("文", "{zh_title_uni zh_body_uni} : \"文\"")]
    [InlineData("医保纾困 commissioners", "{zh_title_bi zh_body_bi} : \"医保 保纾 纾困\" AND {zh_title_bi zh_body_bi en_title en_body} : \"commissioners\"")]
    [InlineData("Rui'an", "{zh_title_bi zh_body_bi en_title en_body} : (\"ruian\" OR \"rui an\")")]
    [InlineData("\"financial commissioner\"", "{zh_title_bi zh_body_bi en_title en_body} : \"financial commissioner\"")]
    [InlineData("NEAR(\"a\" OR b*) AND \"", "{zh_title_bi zh_body_bi en_title en_body} : \"b\"")]
    [InlineData("the", "{zh_title_bi zh_body_bi en_title en_body} : \"the\"")]
    public void Queries_become_quoted_tokens_only(string query, string match) =>
        SearchService.BuildMatch(SearchService.Parse(query), new Dictionary<string, string>()).Should().Be(match);
}
