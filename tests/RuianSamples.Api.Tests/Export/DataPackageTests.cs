using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using CsvHelper;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Export;

/// <summary>The data package against the CSVs it describes (tools/reuse-check runs the Frictionless validator on it too).</summary>
public class DataPackageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private static List<Dictionary<string, string>> ReadCsv(byte[] bytes, out string[] header)
    {
        bytes.Take(3).Should().NotEqual([0xEF, 0xBB, 0xBF], "the data package's CSVs have no byte-order mark");
        using var csv = new CsvReader(new StringReader(Encoding.UTF8.GetString(bytes)), CultureInfo.InvariantCulture);
        csv.Read();
        csv.ReadHeader();
        header = csv.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(csv.HeaderRecord!.ToDictionary(h => h, h => csv.GetField(h)!));
        return rows;
    }

    [Fact]
    public async Task The_descriptor_describes_every_csv_column_and_every_key_holds()
    {
        var descriptor = await _client.GetJson("/api/v1/export/datapackage.json");
        descriptor.GetProperty("profile").GetString().Should().Be("tabular-data-package");
        descriptor.GetProperty("version").GetString().Should().Be((await _client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString());
        descriptor.GetProperty("reuse").EnumerateArray().Select(t => t.GetString()).Should().Contain(t => t!.Contains("belong to their publishers"));

        var tables = new Dictionary<string, List<Dictionary<string, string>>>();
        var resources = descriptor.GetProperty("resources").EnumerateArray().ToList();
        resources.Select(r => r.GetProperty("name").GetString()).Should().BeEquivalentTo(["samples", "reforms", "figures", "regions", "themes", "milestones", "honors", "sources"]);
        foreach (var resource in resources)
        {
            var name = resource.GetProperty("name").GetString()!;
            var path = resource.GetProperty("path").GetString()!;
            path.Should().Be($"http://localhost/api/v1/export/{name}.csv?bom=false");
            var rows = ReadCsv(await _client.GetByteArrayAsync(path), out var header);
            var schema = resource.GetProperty("schema");
            schema.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).Should().Equal(header, $"{name}: a field per column, in order");
            foreach (var field in schema.GetProperty("fields").EnumerateArray())
            {
                field.GetProperty("description").GetString().Should().NotBeNullOrWhiteSpace();
                var column = field.GetProperty("name").GetString()!;
                var values = rows.Select(r => r[column]).Where(v => v.Length > 0).ToList();
                switch (field.GetProperty("type").GetString())
                {
                    case "integer": values.Where(v => !long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)).Should().BeEmpty($"{name}.{column}"); break;
                    case "number": values.Where(v => !double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _)).Should().BeEmpty($"{name}.{column}"); break;
                    case "boolean": values.Should().OnlyContain(v => v == "true" || v == "false", $"{name}.{column}"); break;
                }
            }
            var key = schema.GetProperty("primaryKey")[0].GetString()!;
            rows.Select(r => r[key]).Should().OnlyHaveUniqueItems().And.NotContain("", $"{name}.{key} is its primary key");
            tables[name] = rows;
        }

        var checkedKeys = 0;
        foreach (var resource in resources)
        {
            var name = resource.GetProperty("name").GetString()!;
            if (!resource.GetProperty("schema").TryGetProperty("foreignKeys", out var keys)) continue;
            foreach (var fk in keys.EnumerateArray())
            {
                var field = fk.GetProperty("fields").GetString()!;
                var target = fk.GetProperty("reference").GetProperty("resource").GetString() is { Length: > 0 } t ? t : name;
                var targetField = fk.GetProperty("reference").GetProperty("fields").GetString()!;
                var existing = tables[target].Select(r => r[targetField]).ToHashSet();
                foreach (var row in tables[name].Where(r => r[field].Length > 0))
                {
                    existing.Should().Contain(row[field], $"{name}.{field} → {target}.{targetField}");
                    checkedKeys++;
                }
            }
        }
        checkedKeys.Should().BeGreaterThan(1000);
    }

    [Fact]
    public async Task The_zip_holds_the_descriptor_the_terms_and_every_csv_of_one_version()
    {
        var response = await _client.GetAsync("/api/v1/export/datapackage.zip");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        zip.Entries.Select(e => e.FullName).Should().Equal("datapackage.json", "README.md", "samples.csv", "reforms.csv", "figures.csv", "regions.csv",
            "themes.csv", "milestones.csv", "honors.csv", "sources.csv");

        using var descriptor = JsonDocument.Parse(zip.GetEntry("datapackage.json")!.Open());
        var version = (await _client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString();
        descriptor.RootElement.GetProperty("version").GetString().Should().Be(version);
        using (var readme = new StreamReader(zip.GetEntry("README.md")!.Open()))
            (await readme.ReadToEndAsync()).Should().Contain($"dataset version {version}").And.Contain("CC BY 4.0").And.Contain("belong to their publishers");
        foreach (var resource in descriptor.RootElement.GetProperty("resources").EnumerateArray())
        {
            var path = resource.GetProperty("path").GetString()!;
            using var entry = new MemoryStream();
            await zip.GetEntry(path)!.Open().CopyToAsync(entry);
            var zipped = entry.ToArray();
            zipped.Should().Equal(await _client.GetByteArrayAsync($"/api/v1/export/{path}?bom=false"), $"{path} is the CSV export without its byte-order mark");
            ReadCsv(zipped, out _).Should().NotBeEmpty();
        }
    }

    [Fact]
    public async Task Bom_is_true_or_false()
    {
        (await _client.GetByteArrayAsync("/api/v1/export/themes.csv")).Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        (await _client.GetByteArrayAsync("/api/v1/export/themes.csv?bom=true")).Take(3).Should().Equal(0xEF, 0xBB, 0xBF);
        (await _client.GetByteArrayAsync("/api/v1/export/themes.csv?bom=false")).Take(4).Should().Equal("slug"u8.ToArray());
        (await _client.GetAsync("/api/v1/export/themes.csv?bom=no")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }
}
