using System.Data.Common;
using Dapper;
using Npgsql;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

/// <summary>
/// The catalog on PostgreSQL: the connection pool, the start-up import and migrations, and the
/// SQL that only PostgreSQL needs (the write lock and the change notification). Everything else
/// runs the same query layer as SQLite.
/// </summary>
public static class PostgresCatalog
{
    /// <summary>
    /// One lock for every write on every instance (a transaction-scoped advisory lock, released at
    /// commit or rollback). Partner writes are a few a minute, so serialising them costs nothing, and
    /// it gives what the change feed and If-Match need: a write's checks see every earlier write, and
    /// writes commit in the order of their change-feed positions, so a reader never passes a
    /// position that a slower transaction commits later.
    /// </summary>
    public const string WriteLockSql = "SELECT pg_advisory_xact_lock(7135021)";

    /// <summary>Delivered to every listening instance when the write's transaction commits, never before and never for a rollback.</summary>
    public const string NotifySql = "SELECT pg_notify('" + Channel + "', @Value)";

    public const string Channel = "ruiansamples_catalog";

    /// <summary>
    /// Pool sized for two cores: a request holds one connection for its snapshot, so the pool caps
    /// concurrent database work, not requests. Unset options get these defaults; the connection
    /// string can override each one.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Maximum Pool Size", "MaxPoolSize", "Max Pool Size")) builder.MaxPoolSize = 16;
        if (!Mentions(connectionString, "Timeout")) builder.Timeout = 5; // waiting for a connection or the server: then 503, not a hang
        if (!Mentions(connectionString, "Command Timeout", "CommandTimeout")) builder.CommandTimeout = 30;
        if (!Mentions(connectionString, "Application Name", "ApplicationName")) builder.ApplicationName = "ruiansamples";
        if (!Mentions(connectionString, "Keepalive")) builder.KeepAlive = 15;
        // Cache-miss speed (#17): a statement run twice on a connection is prepared there (parsed and planned once). The SQL
        // texts are constants, so the few dozen hot ones fit; Dapper's expanded lists add a text per list length.
        if (!Mentions(connectionString, "Auto Prepare", "AutoPrepare")) { builder.MaxAutoPrepare = 64; builder.AutoPrepareMinUsages = 2; }
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    private static bool Mentions(string connectionString, params string[] names) =>
        names.Any(n => connectionString.Contains(n, StringComparison.OrdinalIgnoreCase));

    public const string CollationSql = "SELECT datcollate FROM pg_database WHERE datname = current_database()";

    /// <summary>
    /// Brings an empty database to the current schema and imports seeds/, in one transaction; a
    /// database that holds anything is migrated and its data left as it is. Instances starting at
    /// once queue on the write lock, so exactly one imports.
    /// </summary>
    public static DatabaseInitializer.Outcome EnsureReady(NpgsqlDataSource dataSource, CatalogDb db, string seedsDirectory, ILogger? logger = null)
    {
        using var connection = db.OpenWrite();
        CheckCollation(connection);
        var migrations = MigrationRunner.For(CatalogEngine.Postgres);
        using var tx = db.BeginWrite(connection);
        var schema = migrations.Current(connection, tx);
        if (schema > migrations.LatestVersion)
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                $"{db.Describe} is at schema version {schema}, newer than this build's {migrations.LatestVersion}. Run a newer build.");
        var applied = migrations.ApplyPending(connection, tx);
        var imported = false;
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM samples", transaction: tx) == 0)
        {
            SeedImporter.Import(connection, tx, SeedLoader.Load(seedsDirectory));
            DatasetVersion.Bump(connection, tx);
            imported = true;
        }
        else if (applied > 0)
        {
            foreach (var build in SeedImporter.DerivedBuilders) build(connection, tx);
        }
        tx.Commit();
        logger?.LogInformation("{Database}: {Outcome}", db.Describe, imported ? "created and imported from " + seedsDirectory : $"{applied} migration(s) applied, data left as it is");
        return imported ? DatabaseInitializer.Outcome.Imported : applied > 0 ? DatabaseInitializer.Outcome.Migrated : DatabaseInitializer.Outcome.UpToDate;
    }

    /// <summary>
    /// Keyset paging, region prefixes and every ORDER BY compare text byte by byte, as SQLite does;
    /// a database with a linguistic collation would answer in another order. Refused, with the fix.
    /// </summary>
    private static void CheckCollation(DbConnection connection)
    {
        var collation = connection.ExecuteScalar<string>(CollationSql) ?? "";
        if (collation is "C" or "POSIX" || collation.StartsWith("C.", StringComparison.OrdinalIgnoreCase)) return;
        throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
            $"The PostgreSQL database {connection.Database} has collation '{collation}'; the catalog needs byte order (C). " +
            $"Create it with: CREATE DATABASE {connection.Database} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
    }
}

/// <summary>
/// Listens for other instances' writes (PostgreSQL LISTEN/NOTIFY) so that their caches move to
/// the new dataset version at once; the one-second version check every request makes stays as the
/// fallback while the listening connection is down.
/// </summary>
public sealed class PostgresChangeListener(CatalogDb db, NpgsqlDataSource dataSource, ILogger<PostgresChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => db.Announce(e.Payload);
                await using (var listen = new NpgsqlCommand("LISTEN " + PostgresCatalog.Channel, connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                db.NotifyChanged(); // whatever was written while we were not listening
                delay = TimeSpan.FromMilliseconds(250);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or DbException or TimeoutException or System.Net.Sockets.SocketException)
            {
                logger.LogWarning("Listening for catalog changes failed ({Message}); retrying in {Delay} ms", e.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }
}
