using System.Globalization;
using System.Text;
using CsvHelper;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Export;

public class ExportEndpointsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("figures")]
    [InlineData("reforms")]
    [InlineData("samples")]
    [InlineData("regions")]
    [InlineData("milestones")]
    [InlineData("honors")]
    [InlineData("themes")]
    [InlineData("sources")]
    public async Task Csv_round_trips_through_a_csv_library_with_bom_and_one_row_per_record(string resource)
    {
        var response = await _client.GetAsync($"/api/v1/export/{resource}.csv");
        response.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        response.Content.Headers.ContentDisposition!.FileName.Should().Contain($"{resource}.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes.Take(3).Should().Equal(0xEF, 0xBB, 0xBF);

        using var reader = new StringReader(new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();

        var total = (await _client.GetJson($"/api/v1/{resource}")).GetProperty("totalCount").GetInt32();
        rows.Should().HaveCount(total);
        rows.Select(r => r["url"]).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task Figures_csv_has_stable_columns_and_the_sentence_for_every_figure()
    {
        var text = (await _client.GetStringAsync("/api/v1/export/figures.csv")).TrimStart('\uFEFF');
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        csv.HeaderRecord.Should().StartWith(["id", "subject_type", "subject", "region", "region_zh", "indicator_zh", "indicator_en", "value", "value_text", "unit"]);
        csv.HeaderRecord.Should().Contain(["quote", "cite_zh", "cite_en", "period", "period_inferred", "qualifier", "baseline_value"]);
        var count = 0;
        while (csv.Read())
        {
            RuianSamples.Api.Export.SpreadsheetText.Unprotect(csv.GetField("quote")!).Should().Contain(RuianSamples.Api.Export.SpreadsheetText.Unprotect(csv.GetField("value_text")!));
            count++;
        }
        count.Should().BeGreaterThanOrEqualTo(250);
    }

    [Fact]
    public async Task Ndjson_is_one_rest_record_per_line()
    {
        var lines = (await _client.GetStringAsync("/api/v1/export/reforms.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var total = (await _client.GetJson("/api/v1/reforms")).GetProperty("totalCount").GetInt32();
        lines.Should().HaveCount(total);
        var first = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement;
        var viaRest = await _client.GetJson(first.GetProperty("url").GetString()!);
        first.GetRawText().Should().Be(viaRest.GetRawText());
    }

    [Fact]
    public async Task Catalog_json_holds_everything_with_version_and_sources()
    {
        var catalog = await _client.GetJson("/api/v1/export/catalog.json");
        catalog.GetProperty("datasetVersion").GetString().Should().MatchRegex("^[1-9][0-9]*$", "the dataset version is its generation");
        catalog.GetProperty("sources").GetArrayLength().Should().Be(5);
        catalog.GetProperty("samples").GetArrayLength().Should().Be(10);
        catalog.GetProperty("figures").GetArrayLength().Should().Be((await _client.GetJson("/api/v1/figures")).GetProperty("totalCount").GetInt32());
        catalog.GetProperty("samples")[1].GetProperty("figures").GetArrayLength().Should().BeGreaterThan(0);
    }
}
