using System.Text.Json.Nodes;
using RuianSamples.Api.Data.Seeding;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data.Seeding;

/// <summary>The shipped seeds obey the provenance rules; a planted mistake is caught and named.</summary>
public class ProvenanceTests
{
    private static readonly SeedCatalog Seeds = SeedLoader.Load(TempPaths.ShippedSeeds);

    private static string SourceText(string id) => Seeds.Sources.Single(s => s.Manifest.Id == id).Normalized;

    [Fact]
    public void Shipped_seeds_load_without_a_single_problem() =>
        Seeds.Version.Should().MatchRegex("^[0-9a-f]{16}$");

    [Fact]
    public void Catalog_has_the_promised_coverage()
    {
        Seeds.Sources.Should().HaveCount(5);
        Seeds.Samples.Select(s => s.Record.Number).Should().BeEquivalentTo(Enumerable.Range(1, 10));
        Seeds.Reforms.Should().HaveCountGreaterThanOrEqualTo(40);
        Seeds.Figures.Should().HaveCountGreaterThanOrEqualTo(250);
        Seeds.Themes.Should().HaveCount(10);
        Seeds.Regions.Select(r => r.Record.Slug).Should().Contain(["wenzhou", "ruian", "pingyang", "yongjia", "cangnan", "wencheng", "taishun", "dongtou", "yueqing", "lucheng", "ouhai"]);
        Seeds.Samples.Should().OnlyContain(s => s.Record.Regions.Count > 0 && s.Record.Measures!.Count > 0);
        Seeds.Samples.Single(s => s.Record.Number == 2).Record.Reforms.Should().NotBeEmpty("sample 2 is a Rui'an reform");
    }

    [Fact]
    public void Source_texts_are_the_originals_byte_for_byte()
    {
        var shared = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../../shared/seeds"));
        foreach (var source in Seeds.Sources)
        {
            var original = Path.Combine(shared, source.Manifest.OriginalName);
            if (!File.Exists(original)) continue; // the shared folder is beside the checkout on our machines only
            File.ReadAllBytes(Path.Combine(TempPaths.ShippedSeeds, "sources", source.Manifest.File))
                .Should().Equal(File.ReadAllBytes(original), source.Manifest.Id);
        }
    }

    [Fact]
    public void Every_quote_is_verbatim_in_its_normalised_source()
    {
        foreach (var (sourceId, (_, f)) in Seeds.Figures)
        {
            SourceText(sourceId).Should().Contain(f.Quote, $"figure {f.Id}");
            f.Quote.Should().Contain(f.ValueText, $"figure {f.Id} states its value in its quote");
        }
        foreach (var (_, r) in Seeds.Reforms)
        {
            SourceText(r.Source).Should().Contain(r.DescriptionZh, $"reform {r.Slug}");
            foreach (var first in r.Firsts ?? []) SourceText(first.Source ?? r.Source).Should().Contain(first.Quote, $"reform {r.Slug} first");
        }
        foreach (var (_, s) in Seeds.Samples)
        {
            SourceText(s.Source).Should().Contain(s.SummaryZh, $"sample {s.Number}");
            foreach (var m in s.Measures ?? []) SourceText(s.Source).Should().Contain(m.TextZh, $"sample {s.Number} measure");
        }
        foreach (var (sourceId, (_, m)) in Seeds.Milestones) SourceText(sourceId).Should().Contain(m.Quote, $"milestone {m.Slug}");
        foreach (var (sourceId, (_, h)) in Seeds.Honors) SourceText(sourceId).Should().Contain(h.Quote, $"honor {h.Slug}");
    }

    [Fact]
    public void Every_claimed_first_carries_a_quote_that_states_a_first()
    {
        var claims = Seeds.Reforms.SelectMany(r => r.Record.Firsts ?? []).Concat(Seeds.Samples.SelectMany(s => s.Record.Firsts ?? [])).ToList();
        claims.Should().NotBeEmpty();
        claims.Should().OnlyContain(c => c.Quote.Contains("首") || c.Quote.Contains("先") || c.Quote.Contains("第一") || c.Quote.Contains("唯一"));
    }

    [Fact]
    public void Captions_belong_to_no_record()
    {
        var captions = Seeds.Captions.Select(c => c.Caption.Record.Text).ToList();
        captions.Should().Contain(["遍布温州的城市书房", "在疫情防控、社会救助等领域发挥重要作用的共享社·幸福里。"]);
        var sample2 = Seeds.Samples.Single(s => s.Record.Number == 2).Record;
        var sample3 = Seeds.Samples.Single(s => s.Record.Number == 3).Record;
        Func<SampleSeed, string> TextOf = s => s.SummaryZh + string.Concat((s.Measures ?? []).Select(m => m.TextZh));
        TextOf(sample2).Should().NotContain("城市书房");
        TextOf(sample3).Should().NotContain("幸福里");
        foreach (var caption in captions.Where(c => c.Length >= 4))
        {
            Seeds.Samples.Should().NotContain(s => TextOf(s.Record).Contains(caption), caption);
            Seeds.Reforms.Should().NotContain(r => r.Record.DescriptionZh.Contains(caption), caption);
        }
    }

    [Fact]
    public void Inferred_periods_say_how_they_were_inferred()
    {
        Seeds.Figures.Where(f => f.Figure.Record.PeriodInferred)
            .Should().OnlyContain(f => !string.IsNullOrWhiteSpace(f.Figure.Record.PeriodBasis));
        Seeds.Samples.Where(s => s.Record.Number is 3 or 4 or 7)
            .Should().OnlyContain(s => s.Record.ThemeInferred, "samples 3, 4 and 7 have no theme header of their own");
    }

    [Fact]
    public void A_planted_bad_quote_fails_the_load_naming_file_record_and_problem()
    {
        var seeds = TempPaths.CopyOfSeeds();
        var path = Path.Combine(seeds, "figures", "wenzhou-ten-samples.json");
        var figures = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        var id = figures[0]!["id"]!.GetValue<string>();
        figures[0]!["quote"] = figures[0]!["quote"]!.GetValue<string>() + "（编造）";
        File.WriteAllText(path, figures.ToJsonString());

        var load = () => SeedLoader.Load(seeds);

        load.Should().Throw<SeedValidationException>().Which.Problems.Should()
            .ContainSingle(p => p.Contains("figures/wenzhou-ten-samples.json") && p.Contains(id) && p.Contains("not a verbatim quote"));
    }

    [Fact]
    public void A_claimed_first_must_stand_in_its_quote_and_a_stated_start_year_in_its_quote()
    {
        var reform = Seeds.Reforms.Select(r => r.Record).First(r => r.Firsts is { Count: > 0 });
        var lookups = new ProvenanceLookups(id => SourceText(id), _ => true, (_, _) => true, _ => true, _ => true);
        ProvenanceRules.Reform(reform, lookups).Should().BeEmpty("the seed itself is sound");

        var claimed = reform with { Firsts = [reform.Firsts![0] with { ClaimZh = "全球首创" }] };
        ProvenanceRules.Reform(claimed, lookups).Should().ContainSingle(v => v.Rule == "claim-in-quote" && v.Field == "firsts[0].claim");

        var dated = reform with { StartYear = 1999, StartYearInferred = false, StartYearQuote = reform.Firsts![0].Quote };
        ProvenanceRules.Reform(dated, lookups).Should().Contain(v => v.Rule == "year-in-quote");
        ProvenanceRules.Reform(dated with { StartYearInferred = true, StartYearBasis = "test" }, lookups).Should().NotContain(v => v.Rule == "year-in-quote",
            "an inferred year is not in its quote by definition");
    }

    [Fact]
    public void An_inferred_start_year_or_theme_says_how_it_was_inferred()
    {
        var lookups = new ProvenanceLookups(id => SourceText(id), _ => true, (_, _) => true, _ => true, _ => true);
        var inferred = Seeds.Reforms.Select(r => r.Record).Where(r => r.StartYearInferred || r.ThemesInferred).ToList();
        inferred.Should().NotBeEmpty();
        inferred.SelectMany(r => ProvenanceRules.Reform(r, lookups)).Should().BeEmpty("every inferred value in the seeds carries its basis");

        var reform = inferred.First(r => r.StartYearInferred && r.ThemesInferred);
        ProvenanceRules.Reform(reform with { StartYearBasis = " " }, lookups).Should()
            .ContainSingle(v => v.Rule == "inferred-needs-basis" && v.Field == "start_year_basis");
        ProvenanceRules.Reform(reform with { ThemesBasis = null }, lookups).Should()
            .ContainSingle(v => v.Rule == "inferred-needs-basis" && v.Field == "themes_basis");
        ProvenanceRules.Reform(reform with { StartYearInferred = false, StartYearBasis = null, ThemesInferred = false, ThemesBasis = null }, lookups)
            .Should().NotContain(v => v.Rule == "inferred-needs-basis", "a value the text states needs no basis");
    }

    [Theory]
    [InlineData("2024", true)]
    [InlineData("2024-06", true)]
    [InlineData("2021-2022", true)]
    [InlineData("99999", false)]
    [InlineData("yesterday", false)]
    [InlineData("1850", false)]
    [InlineData("2024-13", false)]
    [InlineData("2022-2021", false)]
    public void A_figure_period_is_a_date_or_a_span_of_years_the_year_filters_can_find(string period, bool valid)
    {
        var (sourceId, seed) = Seeds.Figures.First();
        var lookups = new ProvenanceLookups(id => SourceText(id), _ => true, (_, _) => true, _ => true, _ => true);
        ProvenanceRules.Figure(seed.Record with { Period = period }, sourceId, lookups).Any(v => v.Rule == "period-format").Should().Be(!valid);
    }

    [Theory]
    [InlineData("2025-13", false)]
    [InlineData("2023-02-29", false)]
    [InlineData("2024-02-29", true)]
    [InlineData("0000", false)]
    [InlineData("2023", true)]
    public void A_date_must_be_one_the_calendar_has(string date, bool valid) =>
        ProvenanceRules.Date("date", date).Any().Should().Be(!valid);

    [Fact]
    public void A_planted_value_missing_from_its_quote_fails()
    {
        var seeds = TempPaths.CopyOfSeeds();
        var path = Path.Combine(seeds, "figures", "wenzhou-ten-samples.json");
        var figures = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        figures[0]!["value_text"] = "987654321";
        figures[0]!["value"] = 987654321;
        File.WriteAllText(path, figures.ToJsonString());

        var problems = FluentActions.Invoking(() => SeedLoader.Load(seeds)).Should().Throw<SeedValidationException>().Which.Problems;
        problems.Should().Contain(p => p.Contains("value_text '987654321' does not appear in its quote"));
    }

    [Fact]
    public void Dangling_references_duplicates_and_bad_json_are_each_named()
    {
        var seeds = TempPaths.CopyOfSeeds();
        var samplesPath = Path.Combine(seeds, "samples.json");
        var samples = JsonNode.Parse(File.ReadAllText(samplesPath))!.AsArray();
        samples[0]!["theme"] = "no-such-theme";
        samples[1]!["slug"] = samples[0]!["slug"]!.GetValue<string>();
        File.WriteAllText(samplesPath, samples.ToJsonString());
        File.WriteAllText(Path.Combine(seeds, "honors", "ruian-quality-city.json"), "[{ not json");

        var problems = FluentActions.Invoking(() => SeedLoader.Load(seeds)).Should().Throw<SeedValidationException>().Which.Problems;

        problems.Should().Contain(p => p.StartsWith("samples.json: sample 1") && p.Contains("theme 'no-such-theme'"));
        problems.Should().Contain(p => p.Contains("duplicate sample slug"));
        problems.Should().Contain(p => p.StartsWith("honors/ruian-quality-city.json: invalid JSON"));
    }
}
