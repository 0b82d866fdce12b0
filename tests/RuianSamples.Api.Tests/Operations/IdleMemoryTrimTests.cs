using System.Diagnostics;
using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RuianSamples.Api.Data;
using RuianSamples.Api.Operations;
using RuianSamples.Api.Tests.Data;
using RuianSamples.Api.Tests.Infrastructure;
using SQLitePCL;

namespace RuianSamples.Api.Tests.Operations;

/// <summary>
/// A quiet server gives memory back (issue 17): SQLite's idle read connections drop their page caches, the GC
/// decommits, glibc trims. Asserted on what SQLite itself reports a connection's cache holds.
/// </summary>
public class IdleMemoryTrimTests
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private static long At(long start, TimeSpan after) => start + (long)(after.TotalSeconds * Stopwatch.Frequency);

    [Fact]
    public void A_trim_is_due_once_after_a_whole_quiet_period_and_again_only_after_new_requests()
    {
        var watch = new IdleWatch(Period);
        var t0 = Stopwatch.GetTimestamp();
        watch.Due(started: 5, inFlight: 0, t0).Should().BeFalse("the first look only starts the quiet period");
        watch.Due(5, 0, At(t0, Period * 0.9)).Should().BeFalse("not quiet for a whole period yet");
        watch.Due(5, 0, At(t0, Period * 1.1)).Should().BeTrue();
        watch.Due(5, 0, At(t0, Period * 5)).Should().BeFalse("nothing ran since: an idle server trims once");

        watch.Due(6, 0, At(t0, Period * 6)).Should().BeFalse("a request restarts the quiet period");
        watch.Due(6, 0, At(t0, Period * 6.5)).Should().BeFalse();
        watch.Due(6, 0, At(t0, Period * 7.1)).Should().BeTrue();
    }

    [Fact]
    public void A_request_in_flight_holds_a_trim_off_however_long_it_takes()
    {
        var watch = new IdleWatch(Period);
        var t0 = Stopwatch.GetTimestamp();
        watch.Due(1, 1, t0).Should().BeFalse();
        // A long download: no request starts, but one is in flight the whole time.
        for (var i = 1; i <= 10; i++) watch.Due(1, 1, At(t0, Period * i)).Should().BeFalse();
        watch.Due(1, 0, At(t0, Period * 10.5)).Should().BeFalse("the quiet period starts when it ends");
        watch.Due(1, 0, At(t0, Period * 11.6)).Should().BeTrue();
    }

    /// <summary>Waits (up to 20 s) for a trim after the first <paramref name="trims"/>, doing <paramref name="meanwhile"/> between looks.</summary>
    private static async Task WaitForTrimAfter(IdleMemoryTrimmer trimmer, int trims, Func<Task>? meanwhile = null)
    {
        var waited = Stopwatch.StartNew();
        while (trimmer.Trims == trims && waited.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (meanwhile is not null) await meanwhile();
            await Task.Delay(50);
        }
    }

    /// <summary>What SQLite says this connection's page cache holds, in bytes (SQLITE_DBSTATUS_CACHE_USED).</summary>
    private static int CacheUsed(CatalogConnection lease)
    {
        raw.sqlite3_db_status(lease.Sqlite.Handle!, raw.SQLITE_DBSTATUS_CACHE_USED, out var current, out _, 0).Should().Be(raw.SQLITE_OK);
        return current;
    }

    [Fact]
    [Trait(Engines.Trait, Engines.SqliteOnly)]
    public void Idle_read_connections_drop_their_page_caches_and_keep_their_statements()
    {
        using var db = TempPaths.NewSqliteCatalog("trim");
        int filled;
        using (db.BeginScope(CancellationToken.None))
        using (var lease = db.OpenRead())
        {
            // Every page of the search index and the documents read once: the cache holds them.
            lease.ExecuteScalar("SELECT sum(length(description_zh)) + sum(length(description_en)) FROM reforms");
            lease.ExecuteScalar("SELECT sum(length(block)) FROM search_fts_data");
            filled = CacheUsed(lease);
        }
        filled.Should().BeGreaterThan(200_000, "a scan of the catalog fills the page cache");

        db.ReleaseIdleReadMemory().Should().Be(1);

        using (db.BeginScope(CancellationToken.None))
        using (var lease = db.OpenRead())
        {
            CacheUsed(lease).Should().BeLessThan(filled / 4, "the snapshot's own reads are all it holds again");
            SqliteStatements.Of(lease).Should().Contain(s => s.Sql == DatasetVersion.ReadSql && s.Runs >= 2,
                "the same connection, its prepared statements kept");
        }
    }

    [Fact]
    [Trait(Engines.Trait, Engines.SqliteOnly)]
    public async Task A_quiet_server_trims_once_and_then_serves_as_before()
    {
        using var factory = new CatalogFactory { TrimWhenIdleSeconds = 0.3 };
        var client = factory.CreateClient();
        var trimmer = factory.Services.GetRequiredService<IdleMemoryTrimmer>();
        var before = await client.GetStringAsync("/api/v1/search?q=commissioners");
        var trims = trimmer.Trims;

        await WaitForTrimAfter(trimmer, trims);
        trimmer.Trims.Should().Be(trims + 1, "0.3 s without a request");
        var db = factory.Services.GetRequiredService<CatalogDb>();
        using (db.BeginScope(CancellationToken.None))
        using (var lease = db.OpenRead())
            CacheUsed(lease).Should().BeLessThan(100_000, "the request's connection gave its cache back");

        await Task.Delay(1000);
        trimmer.Trims.Should().Be(trims + 1, "nothing ran since the trim");
        (await client.GetStringAsync("/api/v1/search?q=commissioners")).Should().Be(before);
    }

    [Fact]
    public async Task Busy_requests_are_never_interrupted_by_a_trim()
    {
        // A whole second of quiet, so a slow test machine's pause between two requests is not taken for one.
        using var factory = new CatalogFactory { TrimWhenIdleSeconds = 1 };
        var client = factory.CreateClient();
        var trimmer = factory.Services.GetRequiredService<IdleMemoryTrimmer>();
        (await client.GetAsync("/api/v1/themes")).StatusCode.Should().Be(HttpStatusCode.OK);
        await WaitForTrimAfter(trimmer, 0);
        var trims = trimmer.Trims;
        trims.Should().Be(1, "the quiet after the first request");
        // Requests one after another for three periods: never quiet for a whole period, so no trim.
        var busy = Stopwatch.StartNew();
        while (busy.Elapsed < TimeSpan.FromSeconds(3))
        {
            (await client.GetAsync("/api/v1/samples/7")).StatusCode.Should().Be(HttpStatusCode.OK);
            await Task.Delay(20);
        }
        trimmer.Trims.Should().Be(trims);
    }

    [Fact]
    public async Task Health_probes_and_metric_scrapes_do_not_keep_a_server_from_being_quiet()
    {
        using var factory = new CatalogFactory { TrimWhenIdleSeconds = 0.5 };
        var client = factory.CreateClient();
        var trimmer = factory.Services.GetRequiredService<IdleMemoryTrimmer>();
        (await client.GetAsync("/api/v1/samples/7")).StatusCode.Should().Be(HttpStatusCode.OK);
        var trims = trimmer.Trims;
        // An orchestrator's probes and a scraper, several times a period, for up to 20 s: a trim still comes.
        await WaitForTrimAfter(trimmer, trims, async () =>
        {
            (await client.GetAsync("/health/live")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync("/health/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
        });
        trimmer.Trims.Should().BeGreaterThan(trims);
    }

    [Fact]
    public async Task Switched_off_there_is_no_trimmer_and_nothing_counts_requests()
    {
        using var factory = new CatalogFactory(); // fixtures switch it off (Memory:TrimWhenIdleSeconds=0)
        (await factory.CreateClient().GetAsync("/api/v1/samples/7")).StatusCode.Should().Be(HttpStatusCode.OK);
        factory.Services.GetService<IdleMemoryTrimmer>().Should().BeNull();
        factory.Services.GetServices<IHostedService>().Should().NotContain(s => s is IdleMemoryTrimmer);
        factory.Services.GetRequiredService<RequestActivity>().StartedCount.Should().Be(0, "no middleware on the request path for it");
    }
}
