using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.GraphQL;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>
/// Every response is read from one dataset version and says which (X-Dataset-Version), however
/// many changes commit while it is being built; caches never serve a body under another version.
/// </summary>
public class ReadSnapshotTests : IDisposable
{
    private readonly CatalogFactory _factory = new();

    /// <summary>Another process's writer: stamps generation N into a sample and all its figures, and sets version N, in one transaction.</summary>
    private void Stamp(long generation)
    {
        using var c = _factory.OpenDatabase();
        using var tx = c.BeginTransaction();
        c.Execute("UPDATE samples SET title_en = @T WHERE number = 1", new { T = $"gen {generation}" }, tx);
        c.Execute("UPDATE figures SET indicator_en = @T WHERE sample_number = 1", new { T = $"gen {generation}" }, tx);
        // As the API's own writes do: the stored documents change in the same transaction.
        RuianSamples.Api.Materialised.RecordDocuments.RenderSamples(c, tx, [1]);
        DatasetVersion.Bump(c, tx).Generation.Should().Be(generation);
        tx.Commit();
    }

    private static void AssertOneVersion(string body, HttpResponseHeaders headers, string what)
    {
        var label = headers.GetValues(CatalogDataExtensions.VersionHeader).Single();
        var stamps = System.Text.RegularExpressions.Regex.Matches(body, "gen (\\d+)").Select(m => m.Groups[1].Value).Distinct().ToList();
        stamps.Should().HaveCount(1, $"{what} must come from one version, saw {string.Join(",", stamps)}");
        stamps[0].Should().Be(label, $"{what} is labelled with the version it was read from");
    }

    [Fact]
    public async Task Responses_built_while_writers_commit_are_each_from_one_version_and_labelled_with_it()
    {
        var client = _factory.CreateClient();
        var generation = long.Parse((await client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString()!);
        Stamp(++generation);

        // Until the writer has committed 20 versions under the readers and they have checked 30 responses (a loaded
        // machine takes longer; a minute at most), not for a fixed time.
        var first = generation;
        var checkedResponses = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                Stamp(++generation);
                if (generation - first > 20 && Volatile.Read(ref checkedResponses) > 30) stop.Cancel();
                await Task.Delay(15);
            }
        });
        const string query = "{ sample(number: 1) { title { en } figures { indicator { en } } } }";
        var readers = Enumerable.Range(0, 4).Select(i => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var rest = await client.GetAsync("/api/v1/samples/1");
                AssertOneVersion(await rest.Content.ReadAsStringAsync(), rest.Headers, "GET /api/v1/samples/1");
                var (gql, body) = await client.PostAsync(query);
                AssertOneVersion(body.GetRawText(), gql.Headers, "the GraphQL sample query");
                var figures = await client.GetAsync("/api/v1/figures?sample=1&limit=100");
                AssertOneVersion(await figures.Content.ReadAsStringAsync(), figures.Headers, "GET /api/v1/figures?sample=1");
                Interlocked.Add(ref checkedResponses, 3);
            }
        })).ToList();
        await Task.WhenAll(readers.Append(writer));

        checkedResponses.Should().BeGreaterThan(30);
        generation.Should().BeGreaterThan(20, "the writer committed many versions during the load");
    }

    [Fact]
    public async Task An_export_streams_one_version_from_start_to_end()
    {
        var client = _factory.CreateClient();
        var generation = long.Parse((await client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString()!);
        Stamp(++generation);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(4));
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { Stamp(++generation); await Task.Delay(5); }
        });
        while (!stop.IsCancellationRequested)
        {
            var response = await client.GetAsync("/api/v1/export/catalog.json");
            var body = await response.Content.ReadAsStringAsync();
            AssertOneVersion(body, response.Headers, "catalog.json");
            JsonDocument.Parse(body).RootElement.GetProperty("datasetVersion").GetString()
                .Should().Be(response.Headers.GetValues(CatalogDataExtensions.VersionHeader).Single());
        }
        await writer;
    }

    [Fact]
    public async Task A_reimport_of_the_same_seeds_changes_the_version_and_every_etag()
    {
        var client = _factory.CreateClient();
        var before = await client.GetAsync("/api/v1/export/catalog.json");
        var version = (await client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString();

        _factory.Reimport(TempPaths.ShippedSeeds);
        await Task.Delay(1100); // another process's change is noticed within a second

        var after = await client.GetAsync("/api/v1/export/catalog.json");
        after.Headers.ETag.Should().NotBe(before.Headers.ETag, "lastUpdated changed, so the representation did");
        (await client.GetJson("/api/v1")).GetProperty("datasetVersion").GetString().Should().NotBe(version);
    }

    [Fact]
    public async Task Each_content_coding_gets_its_own_strong_etag()
    {
        var client = _factory.CreateClient();
        async Task<EntityTagHeaderValue> Tag(string url, string? coding)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (coding is not null) request.Headers.AcceptEncoding.ParseAdd(coding);
            var response = await client.SendAsync(request);
            response.Headers.ETag!.IsWeak.Should().BeFalse();
            return response.Headers.ETag;
        }
        foreach (var url in new[] { "/api/v1/samples/1", "/api/v1/export/figures.csv" })
        {
            var tags = new[] { await Tag(url, null), await Tag(url, "gzip"), await Tag(url, "br") };
            tags.Select(t => t.Tag).Should().OnlyHaveUniqueItems($"{url}: identity, gzip and br bodies differ");
            // And each is honoured for its own coding.
            using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
            conditional.Headers.AcceptEncoding.ParseAdd("gzip");
            conditional.Headers.IfNoneMatch.Add(tags[1]);
            (await client.SendAsync(conditional)).StatusCode.Should().Be(System.Net.HttpStatusCode.NotModified);
        }
    }

    [Fact]
    public async Task A_page_served_from_the_cache_keeps_its_link_header()
    {
        var client = _factory.CreateClient();
        var first = await client.GetAsync("/api/v1/figures?limit=5");
        var again = await client.GetAsync("/api/v1/figures?limit=5");
        first.Headers.GetValues("Link").Should().ContainSingle(l => l.Contains("rel=\"next\""));
        again.Headers.GetValues("Link").Should().Equal(first.Headers.GetValues("Link"));
        again.Headers.ETag.Should().Be(first.Headers.ETag, "the second answer came from the cache");
    }

    [Fact]
    [Trait(Engines.Trait, Engines.SqliteOnly)] // the file moved away; PostgreSQL's outage is Data/Postgres/PostgresRestartTests
    public async Task A_database_deleted_under_the_server_makes_every_route_and_readiness_say_503_until_it_is_back()
    {
        var client = _factory.CreateClient();
        (await client.GetAsync("/api/v1/samples")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK); // now cached
        var moved = _factory.DatabasePath + ".moved";
        SqliteConnection.ClearAllPools();
        File.Move(_factory.DatabasePath, moved);
        await Task.Delay(1100);

        foreach (var url in new[] { "/api/v1/samples", "/api/v1/reforms?limit=3", "/health/ready", "/api/v1/export/figures.csv" })
        {
            var response = await client.GetAsync(url);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.ServiceUnavailable, url);
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json", url);
        }

        File.Move(moved, _factory.DatabasePath);
        await Task.Delay(1100);
        (await client.GetAsync("/api/v1/samples")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await client.GetAsync("/health/ready")).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    public void Dispose() => _factory.Dispose();
}
