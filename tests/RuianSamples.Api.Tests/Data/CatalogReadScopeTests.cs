using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

[Trait(Engines.Trait, Engines.SqliteOnly)] // the SQLite file itself: its header, journal, PRAGMAs, kill -9 of its writer
public class CatalogReadScopeTests
{
    private static CatalogDb NewCatalog() => TempPaths.NewSqliteCatalog("scope");

    [Fact]
    public async Task A_client_that_goes_away_interrupts_the_statement_running_for_it()
    {
        var db = NewCatalog();
        using var aborted = new CancellationTokenSource();
        using var scope = db.BeginScope(aborted.Token);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var query = Task.Run(() =>
        {
            using var connection = db.OpenRead();
            // Minutes of work for SQLite unless interrupted.
            return connection.ExecuteScalar<long>("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000000) SELECT count(*) FROM n");
        });
        await Task.Delay(300);
        aborted.Cancel();

        var thrown = await FluentActions.Awaiting(() => query).Should().ThrowAsync<SqliteException>();
        thrown.Which.SqliteErrorCode.Should().Be(9, "SQLITE_INTERRUPT");
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Queries_of_one_scope_share_one_snapshot_while_another_connection_commits()
    {
        var db = NewCatalog();
        using var scope = db.BeginScope(CancellationToken.None);
        string Title()
        {
            using var c = db.OpenRead();
            return c.ExecuteScalar<string>("SELECT title_en FROM samples WHERE number = 1")!;
        }
        var before = Title();
        var version = db.Version;

        using (var writer = db.OpenWrite())
        using (var tx = db.BeginWrite(writer))
        {
            writer.Execute("UPDATE samples SET title_en = 'changed' WHERE number = 1", transaction: tx);
            CatalogDb.BumpVersion(writer, tx);
            tx.Commit();
        }
        db.NotifyChanged();

        Title().Should().Be(before, "the scope reads the snapshot it started with");
        db.Version.Should().Be(version);
        db.CurrentVersion.Should().NotBe(version, "the process knows of the newer version at once");
        scope.Dispose();
        Title().Should().Be("changed", "a new snapshot sees the commit");
    }
}
