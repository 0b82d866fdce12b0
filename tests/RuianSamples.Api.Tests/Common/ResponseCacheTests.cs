using System.Text.Json.Nodes;
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

    public void Dispose() => _factory.Dispose();
}
