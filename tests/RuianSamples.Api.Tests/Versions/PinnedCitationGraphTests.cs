using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Versions;

/// <summary>
/// GraphQL's citationAs of a record read at a version cites that version, as REST's …/citation?version= does: a figure
/// or source read with atVersion, and the figures and sources of a sample read with atVersion. (They cited today's version,
/// so the permanent URL resolved to today's value, not the one cited.)
/// </summary>
public class PinnedCitationGraphTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private async Task<(string Body, string Version)> Get(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, $"{url} answered {body}");
        return (body, response.Headers.GetValues("X-Dataset-Version").Single());
    }

    private async Task<JsonElement> GraphQL(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString(query));
        request.Headers.Accept.ParseAdd("application/json");
        var body = JsonDocument.Parse(await (await factory.CreateClient().SendAsync(request)).Content.ReadAsStringAsync()).RootElement;
        body.TryGetProperty("errors", out _).Should().BeFalse(body.ToString());
        return body.GetProperty("data");
    }

    [Fact]
    public async Task CitationAs_of_a_record_read_at_a_version_is_REST_s_citation_at_that_version()
    {
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write"));
        const string figure = "/api/v1/figures/f001-018";   // a figure of sample 2
        var before = await Get(figure);
        var etag = (await factory.CreateClient().GetAsync(figure)).Headers.ETag!.Tag;
        var patch = """{ "indicator": { "en": "financial commissioners (corrected test label)" }, "comment": "test correction" }""";
        (await ruian.Send(HttpMethod.Patch, figure, patch, "application/merge-patch+json", ifMatch: etag)).StatusCode.Should().Be(HttpStatusCode.OK);
        var v = before.Version;
        (await Get(figure)).Version.Should().NotBe(v, "the write made a new version");

        var restFigure = (await Get($"{figure}/citation?format=csl&version={v}")).Body;
        var restSource = (await Get($"/api/v1/sources/wenzhou-ten-samples/citation?format=ris&version={v}")).Body;
        JsonDocument.Parse(restFigure).RootElement[0].GetProperty("URL").GetString().Should().EndWith($"{figure}?version={v}");

        var data = await GraphQL($$"""
            { sample(number: 2) {
                figures { key atVersion(version: "{{v}}") { citationAs(format: CSL_JSON) } }
                sources { sourceId atVersion(version: "{{v}}") { citationAs(format: RIS) } }
                atVersion(version: "{{v}}") { figures { key citationAs(format: CSL_JSON) } sources { sourceId citationAs(format: RIS) } } } }
            """);
        var sample = data.GetProperty("sample");
        sample.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "f001-018")
            .GetProperty("atVersion").GetProperty("citationAs").GetString().Should().Be(restFigure, "a figure read with atVersion");
        sample.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("sourceId").GetString() == "wenzhou-ten-samples")
            .GetProperty("atVersion").GetProperty("citationAs").GetString().Should().Be(restSource, "a source read with atVersion");
        var then = sample.GetProperty("atVersion");
        then.GetProperty("figures").EnumerateArray().Single(f => f.GetProperty("key").GetString() == "f001-018")
            .GetProperty("citationAs").GetString().Should().Be(restFigure, "a figure of a sample read with atVersion");
        then.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("sourceId").GetString() == "wenzhou-ten-samples")
            .GetProperty("citationAs").GetString().Should().Be(restSource, "a source of a sample read with atVersion");
    }
}
