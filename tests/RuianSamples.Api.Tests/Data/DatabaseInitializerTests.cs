using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Data.Seeding;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

[Trait(Engines.Trait, Engines.SqliteOnly)] // the SQLite file itself: its header, journal, PRAGMAs, kill -9 of its writer
public class DatabaseInitializerTests
{
    private static string NewDatabasePath() => Path.Combine(TempPaths.NewDirectory("db"), "nested", "catalog.db");

    private static long Count(string db, string table)
    {
        using var c = new SqliteConnection(CatalogDb.WriteConnectionString(db));
        return c.ExecuteScalar<long>($"SELECT count(*) FROM {table}");
    }

    [Fact]
    public void An_empty_database_gets_schema_and_seeds()
    {
        var db = NewDatabasePath();

        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds).Should().Be(DatabaseInitializer.Outcome.Imported);

        Count(db, "samples").Should().Be(10);
        Count(db, "figures").Should().BeGreaterThanOrEqualTo(250);
        Count(db, "schema_versions").Should().Be(MigrationRunner.All.Count);
    }

    [Fact]
    public void A_database_that_holds_data_is_never_overwritten_by_the_seeds()
    {
        var db = NewDatabasePath();
        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds);
        using (var c = new SqliteConnection(CatalogDb.WriteConnectionString(db)))
            c.Execute("UPDATE samples SET title_en = 'edited by a partner' WHERE number = 1");

        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds).Should().Be(DatabaseInitializer.Outcome.UpToDate);

        using var check = new SqliteConnection(CatalogDb.WriteConnectionString(db));
        check.ExecuteScalar<string>("SELECT title_en FROM samples WHERE number = 1").Should().Be("edited by a partner");
    }

    [Fact]
    public void Invalid_seeds_leave_no_database_behind()
    {
        var seeds = TempPaths.CopyOfSeeds();
        File.WriteAllText(Path.Combine(seeds, "themes.json"), "not json");
        var db = NewDatabasePath();

        FluentActions.Invoking(() => DatabaseInitializer.EnsureReady(db, seeds))
            .Should().Throw<SeedValidationException>().Which.Message.Should().Contain("themes.json: invalid JSON");
        File.Exists(db).Should().BeFalse();
    }

    [Fact]
    public void A_failed_reimport_leaves_the_existing_database_untouched()
    {
        var db = NewDatabasePath();
        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds);
        SqliteConnection.ClearAllPools();
        var before = SHA256.HashData(File.ReadAllBytes(db));
        var seeds = TempPaths.CopyOfSeeds();
        File.AppendAllText(Path.Combine(seeds, "samples.json"), "]");

        FluentActions.Invoking(() => DatabaseInitializer.Reimport(db, seeds)).Should().Throw<SeedValidationException>();

        SHA256.HashData(File.ReadAllBytes(db)).Should().Equal(before);
        Directory.GetFiles(Path.GetDirectoryName(db)!).Should().ContainSingle("no staging file is left behind");
    }

    [Fact]
    public void Reimport_replaces_the_records_in_one_transaction_that_a_running_reader_picks_up()
    {
        var db = NewDatabasePath();
        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds);
        var catalog = new CatalogDb(db);
        catalog.MarkReady();
        var oldVersion = catalog.Version;
        var seeds = TempPaths.CopyOfSeeds();
        var samples = Path.Combine(seeds, "samples.json");
        File.WriteAllText(samples, File.ReadAllText(samples).Replace("\"title_en\": \"", "\"title_en\": \"(rev) "));
        var changed = 0;
        catalog.Changed += () => changed++;

        var newVersion = DatabaseInitializer.Reimport(db, seeds).Version;
        Thread.Sleep(1100); // another process's change is noticed within a second

        newVersion.Should().NotBe(oldVersion);
        catalog.Version.Should().Be(newVersion);
        changed.Should().Be(1);
        using var c = catalog.OpenRead();
        c.ExecuteScalar<string>("SELECT title_en FROM samples WHERE number = 1").Should().StartWith("(rev) ");
    }
}
