using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Figures;

public class FigureEndpointsTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Paging_through_all_figures_returns_each_exactly_once()
    {
        var total = (await _client.GetJson("/api/v1/figures")).GetProperty("totalCount").GetInt32();
        var all = await _client.AllPages("/api/v1/figures?limit=100");
        all.Should().HaveCount(total);
        all.Select(f => f.GetProperty("id").GetString()).Should().OnlyHaveUniqueItems();
        total.Should().BeGreaterThanOrEqualTo(250);
    }

    [Fact]
    public async Task A_figure_page_names_its_subject()
    {
        var reform = await _client.GetJson("/api/v1/reforms/county-ip-protection-workstation");
        var page = await _client.GetStringAsync("/figures/f004-005");

        page.Should().Contain("改革：" + reform.GetProperty("name").GetProperty("zh").GetString()).And.NotContain("改革：county-ip-protection-workstation");
        (await _client.GetStringAsync("/figures/f001-019")).Should().Contain("实践样本 2：“金融专员”精准助力");
    }

    [Fact]
    public async Task Ranks_are_not_drawn_as_bars()
    {
        // Wenzhou's 2021 county GDP ranks (f001-001 …): as bars the 5th would stand taller than the 1st.
        var ranks = await _client.GetJson("/api/v1/figures?region=wenzhou&year=2021&kind=rank&limit=100");
        ranks.GetProperty("items").GetArrayLength().Should().BeGreaterThan(1);

        (await _client.GetStringAsync("/figures?region=wenzhou&year=2021&kind=rank")).Should().NotContain("<canvas").And.NotContain("data-chart");
    }

    [Fact]
    public async Task A_target_reads_as_a_target_in_both_languages()
    {
        // The 2023 report's plans section sets targets; shown as 城镇居民人均可支配收入增长 6% (2023) a target read as a result.
        var all = await _client.AllPages("/api/v1/figures?limit=100");
        var targets = all.Where(f => f.GetProperty("indicator").GetProperty("en").GetString()!.StartsWith("target", StringComparison.OrdinalIgnoreCase)).ToList();

        targets.Should().HaveCountGreaterThan(100);
        targets.Should().OnlyContain(f => f.GetProperty("indicator").GetProperty("zh").GetString()!.Contains("目标"));
        (await _client.GetStringAsync("/figures/f002-128")).Should().Contain("城镇居民人均可支配收入增长（目标）");
    }

    [Fact]
    public async Task Every_figure_cites_a_passage_that_contains_its_quote()
    {
        foreach (var figure in (await _client.GetJson("/api/v1/figures?limit=40&sort=-baseValue")).GetProperty("items").EnumerateArray())
        {
            var citation = figure.GetProperty("citation");
            var passage = await _client.GetJson(citation.GetProperty("passageUrl").GetString()!);
            passage.GetProperty("text").GetString().Should().Be(citation.GetProperty("quote").GetString());
            // The lines are the source's reference (GB/T 7714 and APA 7); the quote is citation.quote.
            citation.GetProperty("cite").GetProperty("zh").GetString().Should().Contain(citation.GetProperty("sourceTitle").GetProperty("zh").GetString() + "[");
            citation.GetProperty("cite").GetProperty("en").GetString().Should().Contain($"[{citation.GetProperty("sourceTitle").GetProperty("en").GetString()}; title translated by RuianSamples]");
        }
    }

    [Fact]
    public async Task The_same_indicator_keeps_place_and_period_apart()
    {
        var wenzhou2021 = await _client.AllPages("/api/v1/figures?region=wenzhou&year=2021&limit=100");
        var ruian2022 = await _client.AllPages("/api/v1/figures?region=ruian&year=2022&limit=100");
        wenzhou2021.Should().NotBeEmpty().And.OnlyContain(f => f.GetProperty("year").GetInt32() == 2021);
        ruian2022.Should().NotBeEmpty().And.OnlyContain(f => f.GetProperty("year").GetInt32() == 2022);
        wenzhou2021.Select(f => f.GetProperty("id").GetString()).Should().NotIntersectWith(ruian2022.Select(f => f.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Values_carry_unit_qualifier_and_base_units()
    {
        var loans = await _client.GetJson("/api/v1/figures?sample=2&kind=amount&limit=100");
        var specialLoans = loans.GetProperty("items").EnumerateArray().Single(f => f.GetProperty("valueText").GetString() == "30");
        specialLoans.GetProperty("unit").GetString().Should().Be("亿元");
        specialLoans.GetProperty("baseValue").GetDouble().Should().Be(3_000_000_000);
        specialLoans.GetProperty("baseUnit").GetString().Should().Be("元");
        specialLoans.GetProperty("qualifier").GetString().Should().Be("more_than");
        specialLoans.GetProperty("qualifierText").GetString().Should().Be("超");
    }

    [Fact]
    public async Task Inferred_periods_say_so_and_how()
    {
        var all = await _client.AllPages("/api/v1/figures?limit=100");
        all.Where(f => f.GetProperty("periodInferred").GetBoolean()).Should().NotBeEmpty()
            .And.OnlyContain(f => !string.IsNullOrEmpty(f.GetProperty("periodBasis").GetString()));
    }
}
