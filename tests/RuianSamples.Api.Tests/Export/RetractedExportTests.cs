using System.Globalization;
using System.Net;
using System.Text.Json;
using CsvHelper;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Export;

/// <summary>
/// A journalist who exports with include=retracted must be able to tell a retracted figure from one in force:
/// the CSV says when, by whom and why, as the figure's own URL and the NDJSON do.
/// </summary>
public class RetractedExportTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private static List<IDictionary<string, object>> Rows(string text)
    {
        using var csv = new CsvReader(new StringReader(text.TrimStart('\uFEFF')), CultureInfo.InvariantCulture);
        return csv.GetRecords<dynamic>().Cast<IDictionary<string, object>>().ToList();
    }

    [Fact]
    public async Task Figures_csv_with_include_retracted_marks_each_retracted_figure_with_when_who_and_why()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        var sourceId = "retracted-export-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var kept = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(sourceId));
        kept.StatusCode.Should().Be(HttpStatusCode.Created);
        var retracted = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(sourceId, quote: "更正：2024年全年地区生产总值应为1512亿元", valueText: "1512"));
        retracted.StatusCode.Should().Be(HttpStatusCode.Created);
        var url = retracted.Headers.Location!.ToString();
        var retraction = await ruian.Send(HttpMethod.Post, url + "/retraction", """{ "comment": "superseded by the annual bulletin" }""", ifMatch: retracted.Headers.ETag!.Tag);
        retraction.StatusCode.Should().Be(HttpStatusCode.OK, await retraction.Content.ReadAsStringAsync());
        var record = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(url)).RootElement.GetProperty("retraction");

        var client = factory.CreateClient();
        var rows = Rows(await client.GetStringAsync($"/api/v1/export/figures.csv?source={sourceId}&include=retracted"));
        rows.Should().HaveCount(2);
        var gone = rows.Single(r => (string)r["url"] == url);
        gone["retracted_at"].Should().Be(record.GetProperty("at").GetString());
        gone["retracted_by"].Should().Be("瑞安市统计局");
        gone["retraction_comment"].Should().Be("superseded by the annual bulletin");
        var inForce = rows.Single(r => (string)r["url"] == kept.Headers.Location!.ToString());
        inForce["retracted_at"].Should().Be("");
        inForce["retraction_comment"].Should().Be("");

        // Without include=retracted the figure is left out, and the columns stay (a fixed order), empty.
        var current = Rows(await client.GetStringAsync($"/api/v1/export/figures.csv?source={sourceId}"));
        current.Should().ContainSingle().Which["retracted_at"].Should().Be("");
    }
}
