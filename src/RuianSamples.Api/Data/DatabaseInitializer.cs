using System.Runtime.InteropServices;
using Dapper;
using Microsoft.Data.Sqlite;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

/// <summary>The database cannot serve; the process says why in one line and exits with <see cref="ExitCode"/>.</summary>
public sealed class CatalogUnavailableException(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>3: the database file is damaged or not ours; 4: the data directory cannot be written; 5: the disk is full.</summary>
    public int ExitCode { get; } = exitCode;

    public const int Damaged = 3, NotWritable = 4, DiskFull = 5;
}

/// <summary>
/// Brings the database to the current schema, checking it first. A missing database is built from
/// seeds/ in a staging file that is renamed into place only once complete (a crash leaves no
/// half-made catalog); a database that holds anything is checked, migrated and its data left as it
/// is. A re-import replaces the catalog's records in one transaction inside the live database.
/// </summary>
public static class DatabaseInitializer
{
    public enum Outcome { Imported, Migrated, UpToDate }

    private const string StagingMarker = ".import-";
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    public static Outcome EnsureReady(string databasePath, string seedsDirectory, ILogger? logger = null) =>
        Guard(() => EnsureReadyCore(databasePath, seedsDirectory, logger));

    private static Outcome EnsureReadyCore(string databasePath, string seedsDirectory, ILogger? logger)
    {
        var directory = Path.GetDirectoryName(databasePath)!;
        Directory.CreateDirectory(directory);
        RemoveStagingFiles(databasePath);

        if (!File.Exists(databasePath))
        {
            // Validate everything before a file is touched: a bad seed leaves no database at all.
            var seeds = SeedLoader.Load(seedsDirectory);
            var staging = StagingPath(databasePath);
            try
            {
                BuildInto(staging, seeds);
                File.Move(staging, databasePath, overwrite: false);
                SyncDirectory(directory);
            }
            finally
            {
                DeleteWithSidecars(staging);
            }
            logger?.LogInformation("Catalog database {Path}: created and imported from {Seeds}", databasePath, seedsDirectory);
            return Outcome.Imported;
        }

        CheckFile(databasePath);
        using var connection = OpenWriter(databasePath);
        // Opening read-write also rolls back a journal left by a crashed writer.
        var check = QuickCheck(connection);
        if (check != "ok")
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                $"The database {databasePath} is damaged (quick_check: {check}). Restore it from a backup, or move it away to start from the seeds.");
        var schema = MigrationRunner.CurrentVersion(connection);
        if (schema > MigrationRunner.Latest)
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                $"The database {databasePath} is at schema version {schema}, newer than this build's {MigrationRunner.Latest}. Run a newer build.");

        int applied;
        using (var tx = connection.BeginTransaction())
        {
            applied = MigrationRunner.Apply(connection, tx);
            // A migration may add derived tables (the search index): rebuild them from the data it left alone.
            if (applied > 0)
                foreach (var build in SeedImporter.DerivedBuilders) build(connection, tx);
            if (schema == 0 && !HasRecords(connection, tx))
            {
                // A SQLite file with no tables at all (made by hand): import into it.
                SeedImporter.Import(connection, tx, SeedLoader.Load(seedsDirectory));
                DatasetVersion.Bump(connection, tx);
            }
            UpgradeVersionRow(connection, tx);
            tx.Commit();
        }
        UseWal(connection);
        logger?.LogInformation("Catalog database {Path}: {Count} migration(s) applied, data left as it is", databasePath, applied);
        return applied > 0 ? Outcome.Migrated : Outcome.UpToDate;
    }

    public sealed record ReimportResult(string Version, int Records);

    /// <summary>
    /// Replaces the catalog's records with seeds/ in one transaction in the live database: running
    /// servers' requests keep the snapshot they started with, later ones see the new version.
    /// Refuses to shrink the catalog to less than half its size unless <paramref name="allowShrink"/>.
    /// </summary>
    public static ReimportResult Reimport(string databasePath, string seedsDirectory, bool allowShrink = false) => Guard(() =>
    {
        var seeds = SeedLoader.Load(seedsDirectory);
        if (!File.Exists(databasePath))
        {
            EnsureReadyCore(databasePath, seedsDirectory, null);
            using var fresh = OpenWriter(databasePath);
            return new ReimportResult(DatasetVersion.Read(fresh).Value, seeds.RecordCount);
        }
        CheckFile(databasePath);
        RemoveStagingFiles(databasePath);
        using var connection = OpenWriter(databasePath);
        using var tx = connection.BeginTransaction(deferred: false);
        MigrationRunner.Apply(connection, tx);
        var result = ReplaceRecords(connection, tx, seeds, allowShrink);
        tx.Commit();
        UseWal(connection);
        return result;
    });

    /// <summary>The same re-import on PostgreSQL: one transaction under the catalog's write lock; other instances hear of it at commit.</summary>
    public static ReimportResult Reimport(CatalogDb db, string seedsDirectory, bool allowShrink = false)
    {
        var seeds = SeedLoader.Load(seedsDirectory);
        using var connection = db.OpenWrite();
        using var tx = db.BeginWrite(connection);
        var result = ReplaceRecords(connection, tx, seeds, allowShrink);
        tx.Commit();
        return result;
    }

    /// <summary>Replaces the imported records inside the caller's transaction (refusing to shrink the catalog by more than half unless allowed).</summary>
    private static ReimportResult ReplaceRecords(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, SeedCatalog seeds, bool allowShrink)
    {
        var live = connection.ExecuteScalar<int>(SeedImporter.RecordCountSql, transaction: tx);
        if (!allowShrink && seeds.RecordCount * 2 < live)
            throw new ReimportRefusedException(
                $"The seeds hold {seeds.RecordCount} records; the live catalog holds {live}. A re-import would remove more than half of it. " +
                "If that is intended, run reimport --allow-shrink.");
        SeedImporter.Clear(connection, tx);
        SeedImporter.Import(connection, tx, seeds);
        var version = DatasetVersion.Bump(connection, tx);
        return new ReimportResult(version.Value, seeds.RecordCount);
    }

    private static void BuildInto(string path, SeedCatalog seeds)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false, ForeignKeys = true,
        }.ToString());
        connection.Open();
        using (var tx = connection.BeginTransaction())
        {
            MigrationRunner.Apply(connection, tx);
            SeedImporter.Import(connection, tx, seeds);
            DatasetVersion.Bump(connection, tx);
            tx.Commit();
        }
        UseWal(connection);
    }

    private static SqliteConnection OpenWriter(string path)
    {
        var connection = new SqliteConnection(CatalogDb.WriteConnectionString(path));
        connection.Open();
        return connection;
    }

    /// <summary>WAL: readers keep their snapshot while a writer commits; the setting is stored in the file.</summary>
    private static void UseWal(SqliteConnection connection) => connection.Execute("PRAGMA journal_mode = WAL");

    private static bool HasRecords(SqliteConnection connection, SqliteTransaction tx) =>
        connection.ExecuteScalar<long>("SELECT count(*) FROM samples", transaction: tx) > 0;

    /// <summary>Databases made before versions were generations keep their seeds hash under seeds_version and start at generation 1.</summary>
    private static void UpgradeVersionRow(SqliteConnection connection, SqliteTransaction tx)
    {
        var value = connection.ExecuteScalar<string?>("SELECT value FROM dataset_meta WHERE key = 'version'", transaction: tx);
        if (value is null || DatasetVersion.Parse(value) != DatasetVersion.None) return;
        connection.Execute("""
            INSERT INTO dataset_meta (key, value) VALUES ('seeds_version', @Value) ON CONFLICT (key) DO NOTHING;
            UPDATE dataset_meta SET value = '1' WHERE key = 'version';
            """, new { Value = value }, tx);
    }

    /// <summary>An existing file must be a SQLite database: an empty (0-byte) or foreign file is refused, never silently re-seeded.</summary>
    /// <summary>
    /// SQLite's quick_check of every table's b-trees, named one by one: "ok", or the first problem found. A plain
    /// <c>PRAGMA quick_check</c> also asks each virtual table to check itself (SQLite 3.44 on), and FTS5 then tokenizes
    /// every document again to compare it with its index: 4–5 s of a 10^5-record catalog's start against 0.4 s for the
    /// b-trees. FTS5's shadow tables are ordinary tables here, so their pages are checked like any other; what the index
    /// means is rebuilt from the records by every import and migration. Pages no table uses (the freelist) are not
    /// checked by a table's check; SQLite reports them as corrupt when it reaches them.
    /// </summary>
    private static string QuickCheck(SqliteConnection connection)
    {
        var tables = connection.Query<string>(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY rootpage").AsList();
        foreach (var table in tables.Prepend("sqlite_schema"))
        {
            var result = connection.ExecuteScalar<string>($"PRAGMA quick_check(\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\")");
            if (result != "ok") return result ?? "no answer";
        }
        return "ok";
    }

    private static void CheckFile(string path)
    {
        var header = new byte[SqliteHeader.Length];
        int read;
        using (var stream = File.OpenRead(path)) read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read == 0)
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                $"The database {path} exists but is empty (0 bytes): it was truncated. Restore it from a backup, or delete it to import the seeds.");
        if (read < header.Length || !header.AsSpan().SequenceEqual(SqliteHeader))
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                $"The file {path} is not a SQLite database (its header is wrong). Restore it from a backup, or move it away to import the seeds.");
    }

    private static string StagingPath(string databasePath) => databasePath + StagingMarker + Guid.NewGuid().ToString("N");

    /// <summary>Staging files of an import that crashed (and their journals) are half-made catalogs: removed on every start and re-import.</summary>
    private static void RemoveStagingFiles(string databasePath)
    {
        var directory = Path.GetDirectoryName(databasePath)!;
        if (!Directory.Exists(directory)) return;
        foreach (var file in Directory.EnumerateFiles(directory, Path.GetFileName(databasePath) + StagingMarker + "*"))
            File.Delete(file);
    }

    private static void DeleteWithSidecars(string path)
    {
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
            if (File.Exists(path + suffix)) File.Delete(path + suffix);
    }

    /// <summary>After a rename, the directory entry itself must reach the disk (rename is atomic, not durable, without it).</summary>
    private static void SyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Native.open(directory, 0 /* O_RDONLY */);
        if (fd < 0) return;
        try { Native.fsync(fd); }
        finally { Native.close(fd); }
    }

    /// <summary>Turns the ways a start or re-import can fail on the file system into one clear line and an exit code.</summary>
    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 13 /* SQLITE_FULL */)
        {
            throw new CatalogUnavailableException(CatalogUnavailableException.DiskFull, $"The disk is full: {e.Message}. Nothing was changed.", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 11 /* CORRUPT */ or 26 /* NOTADB */)
        {
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged, $"The database is damaged: {e.Message}. Restore it from a backup, or move it away to import the seeds.", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 8 /* READONLY */ or 14 /* CANTOPEN */ or 10 /* IOERR */)
        {
            throw new CatalogUnavailableException(CatalogUnavailableException.NotWritable, $"The database cannot be opened for writing: {e.Message}. Check the data directory's permissions and free space.", e);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            var full = e is IOException { HResult: 28 or unchecked((int)0x80070070) } || e.Message.Contains("No space left", StringComparison.Ordinal);
            throw new CatalogUnavailableException(full ? CatalogUnavailableException.DiskFull : CatalogUnavailableException.NotWritable,
                $"The data directory cannot be written: {e.Message}", e);
        }
    }

    private static class Native
    {
        [DllImport("libc", SetLastError = true)] public static extern int open(string path, int flags);
        [DllImport("libc", SetLastError = true)] public static extern int fsync(int fd);
        [DllImport("libc", SetLastError = true)] public static extern int close(int fd);
    }
}

/// <summary>A re-import that would remove most of the catalog; nothing was changed.</summary>
public sealed class ReimportRefusedException(string message) : Exception(message);
