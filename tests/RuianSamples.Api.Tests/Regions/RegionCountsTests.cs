using System.Net;
using System.Text.Json;
using Dapper;
using FluentAssertions;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Regions;

/// <summary>
/// Regions', sources' and themes' counts are read once per dataset version (RegionQueries.SubtreeCountsAsync,
/// SourceQueries.CountsAsync, ThemeQueries.ListAsync) instead of counted in every row's SQL: each must equal what a count
/// in SQL over the catalog gives, as imported and after partner writes (a new version), on both engines.
/// </summary>
public class RegionCountsTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    // The per-row counting the API did before, kept here as the reference: everything below a region is a range of paths.
    private const string RegionReferenceSql = """
        SELECT r.slug AS Slug,
          (SELECT count(DISTINCT sr.sample_number) FROM sample_regions sr JOIN regions d ON d.slug = sr.region_slug
            WHERE d.path >= r.path AND d.path < r.path || '~') AS Samples,
          (SELECT count(*) FROM reforms x JOIN regions d ON d.slug = x.region_slug WHERE d.path >= r.path AND d.path < r.path || '~') AS Reforms,
          (SELECT count(*) FROM figures x JOIN regions d ON d.slug = x.region_slug WHERE x.retracted_at IS NULL AND d.path >= r.path AND d.path < r.path || '~') AS Figures
        FROM regions r ORDER BY r.slug
        """;

    private const string SourceReferenceSql = """
        SELECT s.id AS Id, length(s.text_normalized) AS Length,
               (SELECT count(*) FROM figures f WHERE f.source_id = s.id AND f.retracted_at IS NULL) AS Figures,
               (SELECT count(*) FROM reforms r WHERE r.source_id = s.id) AS Reforms,
               (SELECT count(*) FROM milestones m WHERE m.source_id = s.id) AS Milestones,
               (SELECT count(*) FROM honors h WHERE h.source_id = s.id) AS Honors
        FROM sources s ORDER BY s.id
        """;

    private const string ThemeReferenceSql = """
        SELECT t.slug AS Slug, (SELECT count(*) FROM samples s WHERE s.theme_slug = t.slug) AS Samples,
               (SELECT count(*) FROM reform_themes rt WHERE rt.theme_slug = t.slug) AS Reforms
        FROM themes t ORDER BY t.slug
        """;

    private async Task<List<JsonElement>> AllAsync(string path)
    {
        var items = new List<JsonElement>();
        for (string? url = path; url is not null;)
        {
            var page = JsonDocument.Parse(await _client.GetStringAsync(url)).RootElement;
            items.AddRange(page.GetProperty("items").EnumerateArray());
            url = page.TryGetProperty("links", out var links) && links.TryGetProperty("next", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        return items;
    }

    private async Task TheApiCountsAsSqlDoes()
    {
        using var connection = factory.OpenDatabase();
        var regions = connection.Query(RegionReferenceSql).Select(r => $"{r.slug ?? r.Slug} {r.samples ?? r.Samples} {r.reforms ?? r.Reforms} {r.figures ?? r.Figures}").ToList();
        var sources = connection.Query(SourceReferenceSql).Select(r => $"{r.id ?? r.Id} {r.length ?? r.Length} {r.figures ?? r.Figures} {r.reforms ?? r.Reforms} {r.milestones ?? r.Milestones} {r.honors ?? r.Honors}").ToList();
        var themes = connection.Query(ThemeReferenceSql).Select(r => $"{r.slug ?? r.Slug} {r.samples ?? r.Samples} {r.reforms ?? r.Reforms}").ToList();

        string Region(JsonElement r) { var c = r.GetProperty("counts"); return $"{r.GetProperty("slug").GetString()} {c.GetProperty("samples")} {c.GetProperty("reforms")} {c.GetProperty("figures")}"; }
        (await AllAsync("/api/v1/regions?limit=7")).Select(Region).Order(StringComparer.Ordinal).Should().Equal(regions.Order(StringComparer.Ordinal));
        foreach (var slug in new[] { "zhejiang", "wenzhou", "ruian", "gaolou" })
            Region(JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/regions/{slug}")).RootElement).Should().Be(regions.Single(r => r.StartsWith(slug + " ", StringComparison.Ordinal)));

        string Source(JsonElement s) { var c = s.GetProperty("counts"); return $"{s.GetProperty("id").GetString()} {s.GetProperty("normalizedLength")} {c.GetProperty("figures")} {c.GetProperty("reforms")} {c.GetProperty("milestones")} {c.GetProperty("honors")}"; }
        (await AllAsync("/api/v1/sources")).Select(Source).Order(StringComparer.Ordinal).Should().Equal(sources.Order(StringComparer.Ordinal));
        foreach (var line in sources)
            Source(JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/sources/{line.Split(' ')[0]}")).RootElement).Should().Be(line);

        string Theme(JsonElement t) => $"{t.GetProperty("slug").GetString()} {t.GetProperty("sampleCount")} {t.GetProperty("reformCount")}";
        (await AllAsync("/api/v1/themes")).Select(Theme).Order(StringComparer.Ordinal).Should().Equal(themes.Order(StringComparer.Ordinal));
        foreach (var line in themes)
            Theme(JsonDocument.Parse(await _client.GetStringAsync($"/api/v1/themes/{line.Split(' ')[0]}")).RootElement).Should().Be(line);
    }

    [Fact]
    public async Task Counts_equal_SQLs_as_imported_and_after_each_write()
    {
        await TheApiCountsAsSqlDoes();

        var key = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write,reforms:write"));
        var bulletin = "test-bulletin-" + Guid.NewGuid().ToString("N")[..8];
        var reforms = "test-reforms-" + Guid.NewGuid().ToString("N")[..8];
        (await key.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(bulletin))).StatusCode.Should().Be(HttpStatusCode.Created);
        (await key.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(reforms))).StatusCode.Should().Be(HttpStatusCode.Created);
        await TheApiCountsAsSqlDoes();

        var figure = await key.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(bulletin));
        figure.StatusCode.Should().Be(HttpStatusCode.Created, await figure.Content.ReadAsStringAsync());
        var reform = await key.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform("test-one-code-" + Guid.NewGuid().ToString("N")[..8], reforms));
        reform.StatusCode.Should().Be(HttpStatusCode.Created, await reform.Content.ReadAsStringAsync());
        await TheApiCountsAsSqlDoes();
        (await _client.GetStringAsync($"/api/v1/sources/{reforms}")).Should().Contain("\"reforms\":1", "the new version's counts, not the imported one's");
        (await _client.GetStringAsync($"/api/v1/sources/{bulletin}")).Should().Contain("\"figures\":1");

        var retraction = await key.Send(HttpMethod.Post, figure.Headers.Location + "/retraction", """{ "comment": "entered twice" }""",
            ifMatch: figure.Headers.ETag!.ToString());
        retraction.IsSuccessStatusCode.Should().BeTrue(await retraction.Content.ReadAsStringAsync());
        await TheApiCountsAsSqlDoes();
        (await _client.GetStringAsync($"/api/v1/sources/{bulletin}")).Should().Contain("\"figures\":0", "a retracted figure is not counted");
    }
}
