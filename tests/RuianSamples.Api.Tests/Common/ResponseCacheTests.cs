using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Common;

/// <summary>Cached responses are keyed on the dataset version: a re-import is visible at once, never stale.</summary>
public class ResponseCacheTests : IDisposable
{
    private readonly CatalogFactory _factory = new();

    [Fact]
    public async Task A_reimport_invalidates_cached_responses_and_etags()
    {
        var client = _factory.CreateClient();
        var before = await client.GetAsync("/api/v1/samples/1");
        var beforeEtag = before.Headers.ETag;
        (await client.GetStringAsync("/api/v1/samples/1")).Should().NotContain("REVISED");

        var seeds = TempPaths.CopyOfSeeds();
        var path = Path.Combine(seeds, "samples.json");
        var samples = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        samples[0]!["title_en"] = "REVISED title";
        File.WriteAllText(path, samples.ToJsonString());
        _factory.Reimport(seeds);
        if (!TestEngine.IsPostgres) File.SetLastWriteTimeUtc(_factory.DatabasePath, DateTime.UtcNow.AddSeconds(5));
        await Task.Delay(1100); // the server re-checks the file at most once a second

        var after = await client.GetAsync("/api/v1/samples/1");
        (await after.Content.ReadAsStringAsync()).Should().Contain("REVISED title");
        after.Headers.ETag.Should().NotBe(beforeEtag);
        (await client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString().Should().NotBe("");
    }

    [Fact]
    public async Task A_response_is_kept_the_second_time_it_is_asked_for_so_one_off_pages_never_fill_the_cache()
    {
        var client = _factory.CreateClient();
        var db = _factory.Services.GetRequiredService<CatalogDb>();
        var cache = _factory.Services.GetRequiredService<ResponseCache>();
        async Task<(long Statements, string Body)> Get(string path)
        {
            var before = db.StatementsExecuted;
            var body = await client.GetStringAsync(path);
            return (db.StatementsExecuted - before, body);
        }

        var kept = cache.Count;
        for (var n = 1; n <= 10; n++) await Get($"/api/v1/samples/{n}");
        cache.Count.Should().Be(kept, "a crawler's one-off pages are served but not kept");

        var first = await Get("/api/v1/samples/2");
        first.Statements.Should().BePositive("the second request is read again, and kept");
        cache.Count.Should().Be(kept + 1);
        var third = await Get("/api/v1/samples/2");
        third.Statements.Should().Be(0, "the third comes from the cache");
        third.Body.Should().Be(first.Body);
    }

    public void Dispose() => _factory.Dispose();
}
