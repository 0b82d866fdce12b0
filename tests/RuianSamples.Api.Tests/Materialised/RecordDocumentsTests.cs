using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using RuianSamples.Api.Materialised;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Materialised;

/// <summary>
/// The stored documents are a faster way to the same bytes, never other bytes: every sample and reform,
/// and every page of their lists, is served byte for byte as the plain path renders it, before and after
/// partner writes and a re-import; and after writes the stored table equals a full rebuild.
/// Real HTTP pipeline, real database (SQLite file or PostgreSQL).
/// </summary>
public class RecordDocumentsTests(RecordDocumentsTests.Factory factory) : IClassFixture<RecordDocumentsTests.Factory>
{
    /// <summary>With the bench switch, so requests can skip the response cache and reach the data path every time.</summary>
    public sealed class Factory : PartnerFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Bench:Enabled", "true");
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> Fetch(string url)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("X-Bench-Bypass-Cache", "1");
        var response = await factory.CreateClient().SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Every sample, every reform, and every page of their lists (plain, filtered, with facets), following next links.</summary>
    private async Task<SortedDictionary<string, string>> ServeEverything()
    {
        var served = new SortedDictionary<string, string>(StringComparer.Ordinal);
        async Task Pages(string first)
        {
            for (var url = first; url is not null;)
            {
                var (status, body) = await Fetch(url);
                status.Should().Be(HttpStatusCode.OK, $"{url}: {body}");
                served[url] = body;
                using var page = JsonDocument.Parse(body);
                var links = page.RootElement.GetProperty("links");
                url = links.GetProperty("next").ValueKind == JsonValueKind.String ? links.GetProperty("next").GetString() : null;
                foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
                {
                    var itemUrl = item.GetProperty("url").GetString()!;
                    if (!served.ContainsKey(itemUrl)) served[itemUrl] = (await Fetch(itemUrl)).Body;
                    // A sample is also read by its slug.
                    if (item.TryGetProperty("number", out _) && item.TryGetProperty("slug", out var slug)) served["/api/v1/samples/" + slug.GetString()] = (await Fetch("/api/v1/samples/" + slug.GetString())).Body;
                }
            }
        }
        await Pages("/api/v1/samples");
        await Pages("/api/v1/samples?limit=3");
        await Pages("/api/v1/samples?region=ruian");
        await Pages("/api/v1/reforms?limit=20");
        await Pages("/api/v1/reforms?limit=7&sort=-startYear&facets=true");
        await Pages("/api/v1/reforms?region=ruian&theme=economic-development");
        return served;
    }

    /// <summary>What the plain path (readers and serializer, no stored documents) serves for the same URLs; the documents are put back afterwards.</summary>
    private async Task<SortedDictionary<string, string>> ServeEverythingPlainly()
    {
        using var connection = factory.OpenDatabase();
        using (var tx = connection.BeginTransaction())
        {
            connection.Execute("DELETE FROM record_documents", transaction: tx);
            tx.Commit();
        }
        try
        {
            return await ServeEverything();
        }
        finally
        {
            using var tx = connection.BeginTransaction();
            RecordDocuments.Build(connection, tx);
            tx.Commit();
        }
    }

    private async Task ShouldServeThePlainPathsBytes(string when)
    {
        var stored = await ServeEverything();
        var plain = await ServeEverythingPlainly();
        stored.Keys.Should().Equal(plain.Keys, when);
        foreach (var (url, body) in plain) stored[url].Should().Be(body, $"{url} {when}");
        stored.Count.Should().BeGreaterThan(100, "every sample, reform and list page is compared");
    }

    private string StoredTable()
    {
        using var connection = factory.OpenDatabase();
        return string.Join('\n', connection.Query<(string Type, string Key, byte[] Body)>(
            "SELECT record_type, record_key, body FROM record_documents ORDER BY record_type, record_key")
            .Select(d => $"{d.Type}|{d.Key}|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(d.Body))}"));
    }

    private string RebuiltTable()
    {
        using var connection = factory.OpenDatabase();
        using var tx = connection.BeginTransaction();
        RecordDocuments.Build(connection, tx);
        var rebuilt = string.Join('\n', connection.Query<(string Type, string Key, byte[] Body)>(
            "SELECT record_type, record_key, body FROM record_documents ORDER BY record_type, record_key", transaction: tx)
            .Select(d => $"{d.Type}|{d.Key}|{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(d.Body))}"));
        tx.Rollback();
        return rebuilt;
    }

    [Fact]
    public async Task Stored_documents_are_what_the_REST_item_routes_serve()
    {
        // A document changed behind the API's back is what it serves: the stored path is really taken (this test's control).
        using (var connection = factory.OpenDatabase())
        using (var tx = connection.BeginTransaction())
        {
            var original = connection.QuerySingle<byte[]>("SELECT body FROM record_documents WHERE record_type = 'sample' AND record_key = '3'", transaction: tx);
            connection.Execute("UPDATE record_documents SET body = @Body WHERE record_type = 'sample' AND record_key = '3'",
                new { Body = System.Text.Encoding.UTF8.GetBytes("""{"marker":"stored"}""") }, tx);
            tx.Commit();
            (await Fetch("/api/v1/samples/3")).Body.Should().Be("""{"marker":"stored"}""");
            using var restore = connection.BeginTransaction();
            connection.Execute("UPDATE record_documents SET body = @Body WHERE record_type = 'sample' AND record_key = '3'", new { Body = original }, restore);
            restore.Commit();
        }
        (await Fetch("/api/v1/samples/3")).Body.Should().StartWith("""{"number":3,""");
        using var count = factory.OpenDatabase();
        count.ExecuteScalar<long>("SELECT count(*) FROM record_documents WHERE record_type = 'sample'").Should().Be(10);
        count.ExecuteScalar<long>("SELECT count(*) FROM record_documents WHERE record_type = 'reform'")
            .Should().Be(count.ExecuteScalar<long>("SELECT count(*) FROM reforms"));
    }

    [Fact]
    public async Task Every_record_and_page_is_byte_for_byte_the_plain_paths_before_and_after_writes_and_a_reimport()
    {
        await ShouldServeThePlainPathsBytes("as imported");

        // Writes that reach into documents: a reform (linked to sample 2) and its correction, a figure about it
        // moved to another reform by a correction, then retracted, and a seeded figure of a sample corrected.
        var ruian = factory.ClientWithKey(factory.CreateKey("瑞安市发展和改革局", "ruian", "reforms:write,figures:write,sources:write"));
        var reformSource = "docs-reform-notice-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.ReformSource(reformSource))).StatusCode.Should().Be(HttpStatusCode.Created);
        var figureSource = "docs-bulletin-" + Guid.NewGuid().ToString("N")[..8];
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source(figureSource))).StatusCode.Should().Be(HttpStatusCode.Created);
        var first = "docs-one-code-" + Guid.NewGuid().ToString("N")[..8];
        var second = "docs-one-code-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var slug in new[] { first, second })
        {
            var created = await ruian.Send(HttpMethod.Post, "/api/v1/reforms", PartnerSamples.Reform(slug, reformSource));
            created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }
        var reform = await factory.CreateClient().GetAsync($"/api/v1/reforms/{first}");
        (await ruian.Send(HttpMethod.Patch, $"/api/v1/reforms/{first}", PartnerSamples.ReformCorrection, "application/merge-patch+json", ifMatch: reform.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);

        var figureBody = PartnerSamples.Figure(figureSource).Replace("""{ "type": "region", "key": "ruian" }""", $$"""{ "type": "reform", "key": "{{first}}" }""");
        var figure = await ruian.Send(HttpMethod.Post, "/api/v1/figures", figureBody);
        figure.StatusCode.Should().Be(HttpStatusCode.Created, await figure.Content.ReadAsStringAsync());
        var location = figure.Headers.Location!.ToString();
        (await Fetch($"/api/v1/reforms/{first}")).Body.Should().Contain(location, "the reform's document holds its new figure");
        var moved = await ruian.Send(HttpMethod.Patch, location, $$"""{ "subject": { "type": "reform", "key": "{{second}}" }, "comment": "the figure is about the other reform" }""",
            "application/merge-patch+json", ifMatch: figure.Headers.ETag!.Tag);
        moved.StatusCode.Should().Be(HttpStatusCode.OK, await moved.Content.ReadAsStringAsync());
        (await Fetch($"/api/v1/reforms/{first}")).Body.Should().NotContain(location, "the figure left the first reform's document");
        (await Fetch($"/api/v1/reforms/{second}")).Body.Should().Contain(location);
        (await ruian.Send(HttpMethod.Post, location + "/retraction", """{ "comment": "superseded" }""", ifMatch: moved.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        (await Fetch($"/api/v1/reforms/{second}")).Body.Should().NotContain(location, "a retracted figure leaves the documents");

        const string seeded = "/api/v1/figures/f001-018"; // a figure of sample 2, in 瑞安市
        var before = await factory.CreateClient().GetAsync(seeded);
        var correction = """{ "indicator": { "en": "financial commissioners sent to villages (documents test)" }, "comment": "test correction" }""";
        (await ruian.Send(HttpMethod.Patch, seeded, correction, "application/merge-patch+json", ifMatch: before.Headers.ETag!.Tag)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Fetch("/api/v1/samples/2")).Body.Should().Contain("(documents test)", "the sample's document holds the corrected figure");

        StoredTable().Should().Be(RebuiltTable(), "each write kept exactly the documents it touched current");
        await ShouldServeThePlainPathsBytes("after partner writes");

        factory.Reimport(TempPaths.ShippedSeeds);
        StoredTable().Should().Be(RebuiltTable());
        (await Fetch($"/api/v1/reforms/{first}")).Status.Should().Be(HttpStatusCode.NotFound, "a re-import replaces every record and its document");
        await ShouldServeThePlainPathsBytes("after a re-import");
    }
}
