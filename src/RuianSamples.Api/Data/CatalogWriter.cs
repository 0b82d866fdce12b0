using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Data;

/// <summary>
/// Runs partner writes: one transaction per request on a read-write connection, begun IMMEDIATE so
/// the write lock is taken before anything is read (no upgrade deadlock), with a busy timeout for
/// writers in other processes. WAL lets readers go on during a write; synchronous=FULL makes a
/// committed write survive a crash of the machine, not only of the process. A refusal throws,
/// and the transaction is rolled back: the database is as it was.
/// </summary>
public sealed class CatalogWriter(CatalogDb db)
{
    // Writers in this process queue here rather than spin on SQLite's busy handler.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public SqliteConnection OpenWrite()
    {
        var connection = new SqliteConnection(CatalogDb.WriteConnectionString(db.DatabasePath));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;";
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction; it commits when work returns, rolls back when it throws.
    /// <paramref name="changesData"/> false is bookkeeping (the audit of a refused write): caches stay.</summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool changesData = true, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            T result;
            using (var connection = OpenWrite())
            using (var tx = connection.BeginTransaction(deferred: false))
            {
                result = work(connection, tx);
                tx.Commit();
            }
            if (changesData) db.NotifyChanged();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Sets a new dataset version inside the write's transaction and returns it. It is the first
    /// statement of every write: on PostgreSQL its row lock serialises writers, so what they read
    /// next (the change feed's last position) is in commit order.
    /// </summary>
    public static string BumpVersion(SqliteConnection connection, SqliteTransaction tx)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT value FROM dataset_meta WHERE key = 'version'";
        var current = command.ExecuteScalar() as string ?? "empty";
        var dot = current.IndexOf('.', StringComparison.Ordinal);
        var (import, generation) = dot < 0 ? (current, 0L) : (current[..dot], long.Parse(current[(dot + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var next = $"{import}.{generation + 1}";
        command.CommandText = "UPDATE dataset_meta SET value = $v WHERE key = 'version'";
        command.Parameters.AddWithValue("$v", next);
        command.ExecuteNonQuery();
        return next;
    }
}
