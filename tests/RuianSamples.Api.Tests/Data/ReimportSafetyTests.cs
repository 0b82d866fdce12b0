using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data;
using RuianSamples.Api.Data.Seeding;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>Seeds that would empty or gut a live catalog are refused, and nothing is changed.</summary>
[Trait(Engines.Trait, Engines.SqliteOnly)] // the SQLite file itself: its header, journal, PRAGMAs, kill -9 of its writer
public class ReimportSafetyTests
{
    [Fact]
    public void An_empty_seeds_directory_is_invalid_for_check_seeds_start_and_reimport()
    {
        var empty = TempPaths.NewDirectory("empty-seeds");
        FluentActions.Invoking(() => SeedLoader.Load(empty)).Should().Throw<SeedValidationException>()
            .Which.Message.Should().Contain("no source documents").And.Contain("no practice samples");

        var db = Path.Combine(TempPaths.NewDirectory("db"), "catalog.db");
        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds);
        FluentActions.Invoking(() => DatabaseInitializer.Reimport(db, empty)).Should().Throw<SeedValidationException>();
        using var c = new SqliteConnection(CatalogDb.WriteConnectionString(db));
        c.ExecuteScalar<long>("SELECT count(*) FROM samples").Should().Be(10);
    }

    [Fact]
    public void A_reimport_that_would_remove_most_of_the_catalog_is_refused_unless_allowed()
    {
        var db = Path.Combine(TempPaths.NewDirectory("db"), "catalog.db");
        DatabaseInitializer.EnsureReady(db, TempPaths.ShippedSeeds);
        var seeds = TempPaths.CopyOfSeeds();
        // Keep one source's figures only: a valid catalog, much smaller than the live one.
        foreach (var figures in Directory.GetFiles(Path.Combine(seeds, "figures")).Where(f => !f.EndsWith("zjdaily-ruian-reform.json", StringComparison.Ordinal)))
            File.WriteAllText(figures, "[]");

        FluentActions.Invoking(() => DatabaseInitializer.Reimport(db, seeds)).Should().Throw<ReimportRefusedException>()
            .Which.Message.Should().Contain("--allow-shrink");
        using (var c = new SqliteConnection(CatalogDb.WriteConnectionString(db)))
            c.ExecuteScalar<long>("SELECT count(*) FROM figures").Should().BeGreaterThan(400, "nothing was changed");

        DatabaseInitializer.Reimport(db, seeds, allowShrink: true);
        using var after = new SqliteConnection(CatalogDb.WriteConnectionString(db));
        after.ExecuteScalar<long>("SELECT count(*) FROM figures").Should().BeLessThan(400);
    }
}
