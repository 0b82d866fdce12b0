using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.GraphQL;

/// <summary>Identical requests are answered from the result cache, keyed on the dataset version and the variables.</summary>
public sealed class ResultCacheTests : IDisposable
{
    private readonly CatalogFactory _factory = new();

    private const string Query = "query ($n: Int!) { sample(number: $n) { number title { en } figures { valueText } } }";

    [Fact]
    public async Task A_repeated_request_runs_no_sql_and_returns_the_same_bytes()
    {
        var client = _factory.CreateClient();
        var db = _factory.Services.GetRequiredService<CatalogDb>();
        var first = await client.DataAsync(Query, new { n = 2 });
        await client.DataAsync(Query, new { n = 2 }); // kept the second time it is asked for
        var before = db.StatementsExecuted;
        var second = await client.DataAsync(Query, new { n = 2 });
        (db.StatementsExecuted - before).Should().Be(0);
        second.GetRawText().Should().Be(first.GetRawText());

        var other = await client.DataAsync(Query, new { n = 3 });
        other.GetProperty("sample").GetProperty("number").GetInt32().Should().Be(3, "variables are part of the key");
    }

    [Fact]
    public async Task A_reimport_is_visible_at_once()
    {
        var client = _factory.CreateClient();
        (await client.DataAsync(Query, new { n = 1 })).GetRawText().Should().NotContain("REVISED");

        var seeds = TempPaths.CopyOfSeeds();
        var path = Path.Combine(seeds, "samples.json");
        var samples = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        samples[0]!["title_en"] = "REVISED title";
        File.WriteAllText(path, samples.ToJsonString());
        _factory.Reimport(seeds);
        if (!TestEngine.IsPostgres) File.SetLastWriteTimeUtc(_factory.DatabasePath, DateTime.UtcNow.AddSeconds(5));
        await Task.Delay(1100); // the server re-checks the file at most once a second

        (await client.DataAsync(Query, new { n = 1 })).GetProperty("sample").GetProperty("title").GetProperty("en").GetString().Should().Be("REVISED title");
    }

    public void Dispose() => _factory.Dispose();
}
