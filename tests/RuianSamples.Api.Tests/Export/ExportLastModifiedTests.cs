using System.Net;
using System.Net.Http.Headers;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Export;

/// <summary>
/// Tools that download a file by its date (wget -N, curl -z, a spreadsheet's refresh) send If-Modified-Since: an export's
/// Last-Modified is when the dataset version it reads was made (or the build, if later), a partner write moves it, and
/// If-None-Match wins when both are sent. A version younger than two seconds carries no date (HTTP dates are whole
/// seconds, so a date could stand for two versions made in one second).
/// </summary>
public class ExportLastModifiedTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private async Task<HttpResponseMessage> Get(string url, DateTimeOffset? ifModifiedSince = null, string? ifNoneMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfModifiedSince = ifModifiedSince;
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        return await factory.CreateClient().SendAsync(request);
    }

    private async Task<DateTimeOffset> DatasetUpdatedAsync() =>
        DateTimeOffset.Parse((await factory.CreateClient().GetJson("/api/v1")).GetProperty("lastUpdated").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static async Task WaitUntilTwoSecondsAfter(DateTimeOffset time)
    {
        var wait = time.AddSeconds(2.2) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }

    [Fact]
    public async Task Exports_carry_the_dataset_versions_date_answer_If_Modified_Since_and_move_with_a_partner_write()
    {
        var imported = await DatasetUpdatedAsync();
        await WaitUntilTwoSecondsAfter(imported);

        var first = await Get("/api/v1/export/figures.csv");
        first.StatusCode.Should().Be(HttpStatusCode.OK);
        var lastModified = first.Content.Headers.LastModified!.Value;
        lastModified.Should().BeOnOrAfter(imported.AddTicks(-(imported.UtcTicks % TimeSpan.TicksPerSecond)), "the file is as new as the version it reads");
        foreach (var file in new[] { "catalog.json", "reforms.ndjson", "datapackage.zip" })
            (await Get($"/api/v1/export/{file}")).Content.Headers.LastModified.Should().Be(lastModified, file);

        var notModified = await Get("/api/v1/export/figures.csv", ifModifiedSince: lastModified);
        notModified.StatusCode.Should().Be(HttpStatusCode.NotModified);
        notModified.Headers.ETag.Should().Be(first.Headers.ETag);
        (await Get("/api/v1/export/figures.csv", ifModifiedSince: lastModified.AddSeconds(-1))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Get("/api/v1/export/figures.csv", ifModifiedSince: lastModified, ifNoneMatch: "\"another\"")).StatusCode
            .Should().Be(HttpStatusCode.OK, "If-None-Match is the exact validator and wins");

        // A partner's source makes a new version: right after it the file carries no date and an old date is not enough.
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "sources:write"));
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("last-modified-" + Guid.NewGuid().ToString("N")[..8])))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var young = await Get("/api/v1/export/sources.csv", ifModifiedSince: lastModified);
        young.StatusCode.Should().Be(HttpStatusCode.OK);
        var written = await DatasetUpdatedAsync();
        if (DateTimeOffset.UtcNow - written.AddTicks(-(written.UtcTicks % TimeSpan.TicksPerSecond)) < TimeSpan.FromSeconds(1.9))
            young.Content.Headers.LastModified.Should().BeNull("a version younger than two seconds has no date yet");

        await WaitUntilTwoSecondsAfter(written);
        var later = await Get("/api/v1/export/sources.csv", ifModifiedSince: lastModified);
        later.StatusCode.Should().Be(HttpStatusCode.OK, "the file changed after the client's copy");
        later.Content.Headers.LastModified!.Value.Should().BeAfter(lastModified);
        (await Get("/api/v1/export/sources.csv", ifModifiedSince: later.Content.Headers.LastModified)).StatusCode.Should().Be(HttpStatusCode.NotModified);
    }
}
