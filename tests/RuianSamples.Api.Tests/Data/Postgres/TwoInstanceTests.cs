using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using FluentAssertions;
using Npgsql;
using RuianSamples.Api.Partners;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;
using Xunit.Abstractions;

namespace RuianSamples.Api.Tests.Data.Postgres;

/// <summary>
/// Two real API processes on one PostgreSQL database, as behind a load balancer: caches follow each
/// other's writes within a second, ETags agree, If-Match and Idempotency-Key hold across them, and
/// the change feed read through both, while both write, has every revision exactly once.
/// </summary>
[Trait(Engines.Trait, Engines.PostgresOnly)]
public sealed class TwoInstanceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _database = TestEngine.ServerConnectionString is null ? "" : TestEngine.CreateDatabase();
    private readonly List<ServerProcess> _servers = [];

    private async Task<(HttpClient A, HttpClient B, string Token)> StartTwoAsync(int writesPerMinute = 100_000)
    {
        for (var i = 0; i < 2; i++)
            _servers.Add(ServerProcess.Start(TempPaths.NewDirectory("instance"), "--Catalog:Engine=postgres", $"--ConnectionStrings:Catalog={_database}",
                "--RateLimiting:Enabled=false", $"--Writes:PerMinute={writesPerMinute}", $"--Writes:Burst={writesPerMinute}"));
        foreach (var server in _servers)
            (await server.WaitReadyAsync(TimeSpan.FromSeconds(90))).Should().BeTrue(server.Output);
        var token = KeyTokens.NewToken();
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            await using var tx = await connection.BeginTransactionAsync();
            PartnerQueries.CreateKey(connection, tx, "瑞安市统计局", KeyTokens.Hash(token), KeyTokens.Display(token), ["ruian"], ["figures:write", "sources:write"], PartnerWriter.Now());
            await tx.CommitAsync();
        }
        HttpClient Client(ServerProcess s)
        {
            var client = s.Client(TimeSpan.FromSeconds(30));
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return client;
        }
        return (Client(_servers[0]), Client(_servers[1]), token);
    }

    [PostgresFact]
    public async Task A_correction_through_one_instance_is_seen_through_the_other_within_a_second_with_equal_etags()
    {
        var (a, b, _) = await StartTwoAsync();
        (await a.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("two-instances"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await a.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("two-instances"));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var url = created.Headers.Location!.ToString();

        // Both instances answer (and cache) the figure; the same data gives the same ETag on each.
        var throughA = await a.GetAsync(url);
        var throughB = await b.GetAsync(url);
        throughB.Headers.ETag!.Tag.Should().Be(throughA.Headers.ETag!.Tag);
        (await b.GetAsync("/api/v1/samples")).Headers.ETag!.Tag.Should().Be((await a.GetAsync("/api/v1/samples")).Headers.ETag!.Tag);

        (await a.Send(HttpMethod.Patch, url, PartnerSamples.Correction, "application/merge-patch+json", ifMatch: throughA.Headers.ETag!.Tag))
            .StatusCode.Should().Be(HttpStatusCode.OK);
        var corrected = System.Diagnostics.Stopwatch.StartNew();
        while (!(await b.GetStringAsync(url)).Contains("\"valueText\":\"1512\"", StringComparison.Ordinal))
        {
            corrected.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(1), "instance B must see A's write within a second");
            await Task.Delay(20);
        }
        output.WriteLine($"B saw A's correction after {corrected.ElapsedMilliseconds} ms");
        (await b.GetAsync(url)).Headers.ETag!.Tag.Should().Be((await a.GetAsync(url)).Headers.ETag!.Tag);
    }

    [PostgresFact]
    public async Task If_match_and_idempotency_keys_hold_across_instances()
    {
        var (a, b, _) = await StartTwoAsync();
        (await a.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("two-writers"))).StatusCode.Should().Be(HttpStatusCode.Created);
        for (var round = 0; round < 5; round++)
        {
            var created = await a.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("two-writers"));
            var url = created.Headers.Location!.ToString();
            var etag = created.Headers.ETag!.Tag;
            var results = await Task.WhenAll(
                a.Send(HttpMethod.Patch, url, PartnerSamples.Correction, "application/merge-patch+json", ifMatch: etag),
                b.Send(HttpMethod.Patch, url, PartnerSamples.Correction, "application/merge-patch+json", ifMatch: etag));
            results.Select(r => r.StatusCode).Should().BeEquivalentTo([HttpStatusCode.OK, HttpStatusCode.PreconditionFailed], $"round {round}: one winner");
            var history = JsonDocument.Parse(await a.GetStringAsync(url + "/history")).RootElement;
            history.GetArrayLength().Should().Be(2, "create and one correction: no lost update, no double write");
        }

        var key = Guid.NewGuid().ToString("N");
        var replies = await Task.WhenAll(
            a.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("two-writers"), idempotencyKey: key),
            b.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("two-writers"), idempotencyKey: key));
        replies.Select(r => r.StatusCode).Should().AllBeEquivalentTo(HttpStatusCode.Created);
        replies[1].Headers.Location.Should().Be(replies[0].Headers.Location, "one write, the retry through the other instance replays it");
    }

    [PostgresFact]
    public async Task A_keys_write_rate_holds_across_instances()
    {
        // Each instance's own token bucket would allow 6 a minute: together they must not allow 12.
        var (a, b, _) = await StartTwoAsync(writesPerMinute: 6);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await a.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source($"rate-a-{i}"))).StatusCode);
            statuses.Add((await b.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source($"rate-b-{i}"))).StatusCode);
        }
        statuses.Count(s => s == HttpStatusCode.Created).Should().Be(6, string.Join(", ", statuses));
        statuses.Count(s => s == HttpStatusCode.TooManyRequests).Should().Be(4);
        var refused = await b.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("rate-late"));
        refused.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.Should().NotBeNull();
    }

    [PostgresFact]
    public async Task The_change_feed_read_through_both_instances_while_both_write_has_every_revision_exactly_once()
    {
        var (a, b, _) = await StartTwoAsync();
        (await a.Send(HttpMethod.Post, "/api/v1/sources", PartnerSamples.Source("feed-check"))).StatusCode.Should().Be(HttpStatusCode.Created);
        var start = JsonDocument.Parse(await a.GetStringAsync("/api/v1/changes?limit=100")).RootElement.GetProperty("lastPosition").GetInt64();

        var acknowledged = new ConcurrentBag<string>();
        async Task Writer(HttpClient client, int writes)
        {
            for (var i = 0; i < writes; i++)
            {
                var response = await client.Send(HttpMethod.Post, "/api/v1/figures", PartnerSamples.Figure("feed-check"));
                response.StatusCode.Should().Be(HttpStatusCode.Created);
                acknowledged.Add(response.Headers.Location!.ToString());
            }
        }
        var writers = Task.WhenAll(Writer(a, 3), Writer(a, 3), Writer(b, 3), Writer(b, 3), Writer(a, 3), Writer(b, 3));

        var seen = new List<(long Position, string Url)>();
        var after = start;
        var turn = 0;
        async Task ReadOnce()
        {
            var client = turn++ % 2 == 0 ? a : b;
            var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/changes?after={after}&limit=5")).RootElement;
            foreach (var item in page.GetProperty("items").EnumerateArray())
                seen.Add((item.GetProperty("position").GetInt64(), item.GetProperty("url").GetString()!));
            after = page.GetProperty("lastPosition").GetInt64();
        }
        while (!writers.IsCompleted) await ReadOnce();
        await writers;
        for (var i = 0; i < 20; i++) await ReadOnce(); // drain

        seen.Select(s => s.Position).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
        seen.Select(s => s.Position).Should().Equal(Enumerable.Range((int)start + 1, seen.Count).Select(p => (long)p), "positions have no gaps");
        seen.Select(s => s.Url).Should().BeEquivalentTo(acknowledged, "every acknowledged write, exactly once");
        output.WriteLine($"{acknowledged.Count} writes through two instances; {seen.Count} revisions read through both in {turn} pages");
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.Dispose();
        if (_database.Length > 0) TestEngine.DropDatabase(_database);
    }
}
