using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Catalog;

/// <summary>
/// "Last updated" is when the data last changed: after a partner write, the time of that write (as /versions says),
/// in the index, its schema.org Dataset (dateModified), catalog.json and the data package; not the import's time.
/// </summary>
public class LastUpdatedTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private async Task<JsonElement> Json(string url, string? accept = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await factory.CreateClient().SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Last_updated_is_the_time_of_the_write_that_made_the_current_version()
    {
        var before = (await Json("/api/v1")).GetProperty("lastUpdated").GetString()!;
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "sources:write"));
        var sourceId = "last-updated-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(sourceId))).StatusCode.Should().Be(HttpStatusCode.Created);

        var newest = (await Json("/api/v1/versions?limit=1")).GetProperty("items")[0];
        newest.GetProperty("made").GetString().Should().Be("partner-write");
        var at = newest.GetProperty("at").GetString()!;
        DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture).Should()
            .BeOnOrAfter(DateTimeOffset.Parse(before, System.Globalization.CultureInfo.InvariantCulture));

        var index = await Json("/api/v1");
        index.GetProperty("datasetVersion").GetString().Should().Be(newest.GetProperty("version").GetString());
        index.GetProperty("lastUpdated").GetString().Should().Be(at);
        (await Json("/api/v1", "application/ld+json")).GetProperty("dateModified").GetString().Should().Be(at);
        (await Json("/api/v1/export/catalog.json")).GetProperty("lastUpdated").GetString().Should().Be(at);
        (await Json("/api/v1/export/datapackage.json")).GetProperty("created").GetString().Should().Be(at);
    }
}
