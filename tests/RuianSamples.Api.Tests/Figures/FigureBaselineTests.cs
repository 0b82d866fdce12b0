using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Figures;

/// <summary>A before/after pair in different units (从6个月压缩至7个工作日) has no change: 6 months to 7 working days is not +1 (+16.67%).</summary>
public class FigureBaselineTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task A_baseline_in_another_unit_has_no_change()
    {
        var baseline = (await _client.GetJson("/api/v1/figures/f004-005")).GetProperty("baseline");
        baseline.GetProperty("unit").GetString().Should().Be("个月");
        baseline.GetProperty("change").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        baseline.GetProperty("changePercent").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);

        var page = await _client.GetStringAsync("/figures/f004-005");
        page.Should().Contain("单位不同，不计算变化").And.NotContain("+16.67%");
        (await _client.GetStringAsync("/figures/f004-005?lang=en")).Should().Contain("different units: no change computed");

        var graph = await _client.GetJson("/graphql?query=" + Uri.EscapeDataString("{ reform(slug: \"county-ip-protection-workstation\") { figures { key baseline { change changePercent } } } }"));
        var figure = graph.GetProperty("data").GetProperty("reform").GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "f004-005");
        figure.GetProperty("baseline").GetProperty("change").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task A_baseline_in_the_same_unit_keeps_its_change()
    {
        var baseline = (await _client.GetJson("/api/v1/figures/f000-003")).GetProperty("baseline");
        baseline.GetProperty("change").GetDouble().Should().Be(-63);
        baseline.GetProperty("changePercent").GetDouble().Should().Be(-10.47);
        (await _client.GetStringAsync("/figures/f000-003")).Should().Contain("变化 -63 (-10.47%)");
    }

    [Fact]
    public async Task Every_duration_has_its_unit_and_its_value_in_that_unit()
    {
        var durations = await _client.AllPages("/api/v1/figures?kind=duration&limit=100");
        durations.Should().NotBeEmpty().And.OnlyContain(f => f.GetProperty("unit").ValueKind == System.Text.Json.JsonValueKind.String,
            "a number of days, hours or seconds without its unit cannot be read");
        var station = await _client.GetJson("/api/v1/figures/f002-110");   // 健康驿站仅118天建成投用
        station.GetProperty("value").GetDouble().Should().Be(118);
        station.GetProperty("unit").GetString().Should().Be("天");
        (await _client.GetStringAsync("/figures/f002-110")).Should().Contain("仅118天");
    }
}
