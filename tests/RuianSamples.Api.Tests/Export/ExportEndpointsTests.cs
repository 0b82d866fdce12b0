using System.Globalization;
using System.Text;
using System.Text.Json;
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

    [Theory]
    [InlineData("region=ruian&year=2022")]
    [InlineData("theme=income-distribution&kind=amount")]
    [InlineData("sample=6")]
    public async Task Figures_export_with_the_lists_filters_holds_exactly_the_lists_selection(string filter)
    {
        var listed = (await _client.AllPages($"/api/v1/figures?{filter}&limit=100")).Select(f => f.GetProperty("id").GetString()).ToList();
        listed.Should().NotBeEmpty();
        var response = await _client.GetAsync($"/api/v1/export/figures.csv?{filter}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var reader = new StringReader(new UTF8Encoding(false).GetString(bytes, 3, bytes.Length - 3));
        using var csv = new CsvReader(reader, CultureInfo.InvariantCulture);
        csv.GetRecords<dynamic>().Select(r => (string)((IDictionary<string, object>)r)["id"]).Should().Equal(listed);

        var ndjson = await _client.GetStringAsync($"/api/v1/export/figures.ndjson?{filter}");
        ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(listed.Count);

        var all = await _client.GetAsync("/api/v1/export/figures.csv");
        response.Headers.ETag.Should().NotBe(all.Headers.ETag, "a selection is another representation");
    }

    [Theory]
    [InlineData("/api/v1/export/figures.csv?region=atlantis", "invalid-parameter")]
    [InlineData("/api/v1/export/figures.csv?year=abc", "invalid-parameter")]
    [InlineData("/api/v1/export/samples.csv?region=ruian", "unknown-parameter")]
    [InlineData("/api/v1/export/catalog.json?year=2022", "unknown-parameter")]
    public async Task An_export_refuses_filters_it_does_not_take_or_cannot_read(string url, string type)
    {
        var problem = await _client.GetJson(url, System.Net.HttpStatusCode.BadRequest);
        problem.GetProperty("type").GetString().Should().Be($"/problems/{type}");
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

    /// <summary>
    /// An export's ETag stands for its bytes: the descriptor served to another host (its paths are absolute URLs there) is
    /// another representation, and every ETag carries the build, whose columns and wording the body depends on as much as on the data.
    /// </summary>
    [Fact]
    public async Task Export_ETags_change_with_what_the_body_depends_on_the_host_of_the_descriptor_and_the_build()
    {
        async Task<HttpResponseMessage> Send(string host, string url, string? ifNoneMatch = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Host = host;
            if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
            return await _client.SendAsync(request);
        }
        var one = await Send("one.example", "/api/v1/export/datapackage.json");
        var two = await Send("two.example", "/api/v1/export/datapackage.json");
        (await one.Content.ReadAsStringAsync()).Should().Contain("http://one.example/api/v1/export/");
        (await two.Content.ReadAsStringAsync()).Should().Contain("http://two.example/api/v1/export/");
        two.Headers.ETag.Should().NotBe(one.Headers.ETag, "the bodies differ");
        (await Send("two.example", "/api/v1/export/datapackage.json", one.Headers.ETag!.Tag)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK, "one host's copy is not the other's");
        (await Send("one.example", "/api/v1/export/datapackage.json", one.Headers.ETag!.Tag)).StatusCode.Should().Be(System.Net.HttpStatusCode.NotModified);

        foreach (var file in new[] { "figures.csv", "figures.ndjson", "catalog.json", "datapackage.zip" })
            (await _client.GetAsync($"/api/v1/export/{file}")).Headers.ETag!.Tag.Should().EndWith($"-{RuianSamples.Api.Export.ExportEndpoints.Build}\"", file);
    }

    /// <summary>
    /// An inferred value says so and says how: every CSV with an *_inferred column also has the basis the JSON gives,
    /// so a spreadsheet user sees why a year, date or theme was inferred (samples, reforms, milestones and honors had only the flag).
    /// </summary>
    [Theory]
    [InlineData("samples", "theme_inferred", "theme_basis", "theme.basis")]
    [InlineData("reforms", "start_year_inferred", "start_year_basis", "startYear.basis")]
    [InlineData("reforms", "themes_inferred", "themes_basis", "themesBasis")]
    [InlineData("milestones", "date_inferred", "date_basis", "dateBasis")]
    [InlineData("honors", "year_inferred", "year_basis", "yearBasis")]
    [InlineData("figures", "period_inferred", "period_basis", "periodBasis")]
    [InlineData("sources", "date_inferred", "date_basis", "dateBasis")]
    public async Task Csv_gives_the_basis_of_every_inferred_value_as_the_json_does(string resource, string flag, string basis, string jsonPath)
    {
        var records = (await _client.GetStringAsync($"/api/v1/export/{resource}.ndjson")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToDictionary(r => r.GetProperty("url").GetString()!);
        var text = (await _client.GetStringAsync($"/api/v1/export/{resource}.csv")).TrimStart('\uFEFF');
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
        rows.Should().HaveCount(records.Count);
        var explained = 0;
        foreach (var row in rows)
        {
            var node = records[(string)row["url"]];
            foreach (var step in jsonPath.Split('.')) node = node.ValueKind == JsonValueKind.Object ? node.GetProperty(step) : node;
            var expected = node.ValueKind == JsonValueKind.String ? node.GetString()! : "";
            RuianSamples.Api.Export.SpreadsheetText.Unprotect((string)row[basis]).Should().Be(expected, $"{row["url"]} {basis}");
            if ((string)row[flag] == "true" && expected.Length > 0) explained++;
        }
        // (Some seeded reforms are marked inferred without a basis: the CSV says what the record says, no more.)
        explained.Should().BeGreaterThan(0, $"{resource} has inferred values with their basis");
    }
}
