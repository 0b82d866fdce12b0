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
}
