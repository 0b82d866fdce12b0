using System.Net;
using FluentAssertions;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Data.Postgres;

/// <summary><c>copy --to postgres</c>: a SQLite catalog with partner writes moves over whole, verified; a non-empty target is refused.</summary>
[Trait(Engines.Trait, Engines.PostgresOnly)]
public class CopyToPostgresTests
{
    [PostgresFact]
    public async Task A_catalog_with_partner_writes_is_copied_and_serves_the_same_answers()
    {
        using var sqlite = new PartnerFactory();
        var token = sqlite.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write");
        var ruian = sqlite.ClientWithKey(token);
        (await ruian.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("copy-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await ruian.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("copy-check"));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        (await ruian.Send(HttpMethod.Patch, created.Headers.Location!.ToString(), PartnerSamples.Correction, "application/merge-patch+json", ifMatch: created.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var urls = new[] { created.Headers.Location!.ToString(), created.Headers.Location + "/history", "/api/v1/changes", "/api/v1/samples/7", "/api/v1/reforms?limit=20", "/api/v1/figures?region=ruian&limit=50" };
        var before = new Dictionary<string, (string Body, string? ETag)>();
        var reader = sqlite.CreateClient();
        foreach (var url in urls)
        {
            var response = await reader.GetAsync(url);
            before[url] = (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.Tag);
        }

        var target = TestEngine.CreateDatabase(seeded: false);
        try
        {
            var result = CopyToPostgres.Copy(sqlite.DatabasePath, target, TempPaths.ShippedSeeds);
            result.Tables.Should().Be(CopyToPostgres.Tables.Length);
            FluentActions.Invoking(() => CopyToPostgres.Copy(sqlite.DatabasePath, target, TempPaths.ShippedSeeds))
                .Should().Throw<CatalogUnavailableException>().WithMessage("*not empty*nothing was changed*");

            using var server = ServerProcess.Start(TempPaths.NewDirectory("copied"), "--Catalog:Engine=postgres", $"--ConnectionStrings:Catalog={target}", "--RateLimiting:Enabled=false");
            (await server.WaitReadyAsync(TimeSpan.FromSeconds(60))).Should().BeTrue(server.Output);
            using var client = server.Client();
            foreach (var url in urls)
            {
                var response = await client.GetAsync(url);
                response.StatusCode.Should().Be(HttpStatusCode.OK, url);
                (await response.Content.ReadAsStringAsync()).Should().Be(before[url].Body, url);
                response.Headers.ETag?.Tag.Should().Be(before[url].ETag, $"{url}: the same data and version give the same ETag on either engine");
            }
            // The key came over (as its hash): the agency writes on as before, and search finds the copied figure.
            using var writer = server.Client();
            writer.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            (await writer.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("copy-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
            (await client.GetStringAsync("/api/v1/search?q=更正")).Should().Contain(created.Headers.Location!.ToString());
        }
        finally
        {
            TestEngine.DropDatabase(target);
        }
    }
}
