using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

/// <summary>
/// Brings the database file to the current schema. An empty database gets the migrations and the
/// seeds import in one transaction; a database that holds anything is migrated and its data left
/// as it is. A re-import builds a new file and swaps it in with one rename.
/// </summary>
public static class DatabaseInitializer
{
    public enum Outcome { Imported, Migrated, UpToDate }

    public static Outcome EnsureReady(string databasePath, string seedsDirectory, ILogger? logger = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        if (!IsEmpty(databasePath))
        {
            using var connection = new SqliteConnection(CatalogDb.WriteConnectionString(databasePath));
            connection.Open();
            using var tx = connection.BeginTransaction();
            var applied = MigrationRunner.Apply(connection, tx);
            // A migration may add derived tables (the search index): rebuild them from the data it left alone.
            if (applied > 0)
                foreach (var build in SeedImporter.DerivedBuilders) build(connection, tx);
            tx.Commit();
            logger?.LogInformation("Catalog database {Path}: {Count} migration(s) applied, data left as it is", databasePath, applied);
            return applied > 0 ? Outcome.Migrated : Outcome.UpToDate;
        }

        // Validate everything before the file is touched: a bad seed leaves no half-made database.
        var seeds = SeedLoader.Load(seedsDirectory);
        BuildInto(databasePath, seeds);
        logger?.LogInformation("Catalog database {Path}: created and imported from {Seeds} (dataset version {Version})", databasePath, seedsDirectory, seeds.Version);
        return Outcome.Imported;
    }

    /// <summary>Imports the seeds into a new file next to the database, then renames it over the database.</summary>
    public static string Reimport(string databasePath, string seedsDirectory)
    {
        var seeds = SeedLoader.Load(seedsDirectory);
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        var staging = databasePath + $".import-{Guid.NewGuid():N}";
        try
        {
            BuildInto(staging, seeds);
            SqliteConnection.ClearAllPools();
            File.Move(staging, databasePath, overwrite: true); // rename(2): atomic on one file system
        }
        finally
        {
            if (File.Exists(staging)) File.Delete(staging);
        }
        return seeds.Version;
    }

    private static void BuildInto(string path, SeedCatalog seeds)
    {
        using var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path));
        connection.Open();
        using var tx = connection.BeginTransaction();
        MigrationRunner.Apply(connection, tx);
        SeedImporter.Import(connection, tx, seeds);
        tx.Commit();
    }

    /// <summary>A missing file, or one without a single table, is empty.</summary>
    public static bool IsEmpty(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0) return true;
        using var connection = new SqliteConnection(CatalogDb.ReadConnectionString(path) + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
        return Convert.ToInt64(command.ExecuteScalar()) == 0;
    }
}
