using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.LinkedData;

/// <summary>
/// A retracted figure's URL still answers; as linked data it must say that it is retracted (schema.org
/// creativeWorkStatus, and the retraction as a CorrectionComment), and read at a version before, it must not.
/// </summary>
public class RetractedJsonLdTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private async Task<JsonElement> JsonLd(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("Accept", "application/ld+json");
        var response = await factory.CreateClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/ld+json");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task A_retracted_figure_is_a_Quotation_marked_retracted_with_when_by_whom_and_why()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        var sourceId = "retracted-ld-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure(sourceId));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var figure = created.Headers.Location!.ToString();
        var before = await JsonLd(figure);
        before.TryGetProperty("creativeWorkStatus", out _).Should().BeFalse("a figure in force has no status");
        var version = (await factory.CreateClient().GetAsync(figure)).Headers.GetValues("X-Dataset-Version").Single();

        var retraction = await ruian.Send(HttpMethod.Post, figure + "/retraction", """{ "comment": "superseded by the annual bulletin" }""", ifMatch: created.Headers.ETag!.Tag);
        retraction.StatusCode.Should().Be(HttpStatusCode.OK, await retraction.Content.ReadAsStringAsync());
        var at = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(figure)).RootElement.GetProperty("retraction").GetProperty("at").GetString();

        var now = await JsonLd(figure);
        now.GetProperty("@type").GetString().Should().Be("Quotation");
        now.GetProperty("creativeWorkStatus").GetString().Should().Be("Retracted");
        var correction = now.GetProperty("correction");
        correction.GetProperty("@type").GetString().Should().Be("CorrectionComment");
        correction.GetProperty("text").GetString().Should().Be("superseded by the annual bulletin");
        correction.GetProperty("datePublished").GetString().Should().Be(at);
        correction.GetProperty("author").GetProperty("name").GetString().Should().Be("瑞安市统计局");

        (await JsonLd($"{figure}?version={version}")).TryGetProperty("creativeWorkStatus", out _).Should().BeFalse("at the version before the retraction it stood");
    }

    /// <summary>The Dataset's temporal coverage is the years of the figures in force: a retracted figure's year leaves it.</summary>
    [Fact]
    public async Task The_datasets_temporal_coverage_follows_figures_in_force()
    {
        async Task<string> Coverage() => (await JsonLd("/api/v1")).GetProperty("temporalCoverage").GetString()!;
        var before = await Coverage();
        var (from, to) = (int.Parse(before[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(before[5..], System.Globalization.CultureInfo.InvariantCulture));
        var later = to + 1;

        // A partner's figure of a year after every other: the coverage reaches it; retracted, it goes back.
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        var sourceId = "coverage-" + Guid.NewGuid().ToString("N")[..8];
        var quote = $"{later}年，瑞安市全年实现地区生产总值1600亿元";
        var source = PartnerSamples.Source(sourceId).Replace(JsonSerializer.Serialize(PartnerSamples.SourceText), JsonSerializer.Serialize(quote + "。\n"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", source)).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures",
            PartnerSamples.Figure(sourceId, quote: quote, valueText: "1600").Replace("\"period\": \"2024\"", $"\"period\": \"{later}\""));
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        (await Coverage()).Should().Be($"{from}/{later}");

        var retraction = await ruian.Send(HttpMethod.Post, created.Headers.Location + "/retraction", """{ "comment": "test" }""", ifMatch: created.Headers.ETag!.Tag);
        retraction.StatusCode.Should().Be(HttpStatusCode.OK, await retraction.Content.ReadAsStringAsync());
        (await Coverage()).Should().Be(before, "the retracted figure's year is no longer covered");
    }
}
