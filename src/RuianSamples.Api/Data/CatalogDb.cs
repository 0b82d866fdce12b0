using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Data;

/// <summary>
/// Opens pooled connections to the catalog file. Reads use read-only connections; the file is
/// replaced wholesale by a re-import, so the version is re-checked (one stat, at most once a
/// second) and the pools are cleared when the file changed.
/// </summary>
public sealed class CatalogDb
{
    private readonly string _readConnectionString;
    private readonly object _gate = new();
    private long _nextCheckTicks;
    private DateTime _fileStamp;

    public CatalogDb(string databasePath)
    {
        DatabasePath = databasePath;
        _readConnectionString = ReadConnectionString(databasePath);
        _countStatement = (_, _) => Interlocked.Increment(ref _statementsExecuted);
    }

    public string DatabasePath { get; }

    /// <summary>Changes whenever the database file is replaced; feeds ETags and caches.</summary>
    public string Version
    {
        get
        {
            RefreshIfReplaced();
            return _version;
        }
    }

    private string _version = "";

    /// <summary>Raised after the database file was replaced underneath the running process.</summary>
    public event Action? Changed;

    public static string ReadConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = true,
        Cache = SqliteCacheMode.Private,
    }.ToString();

    public static string WriteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
        ForeignKeys = true,
    }.ToString();

    public SqliteConnection OpenRead()
    {
        RefreshIfReplaced();
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        // Counted at the SQLite level (every statement run), so tests can prove batching without trusting our own bookkeeping.
        SQLitePCL.raw.sqlite3_trace(connection.Handle, _countStatement, null);
        return connection;
    }

    private long _statementsExecuted;
    private readonly SQLitePCL.delegate_trace _countStatement;

    /// <summary>SQL statements run on read connections since start-up (for tests and diagnostics).</summary>
    public long StatementsExecuted => Interlocked.Read(ref _statementsExecuted);

    /// <summary>Called once the database is ready (after migrations and any import).</summary>
    public void MarkReady()
    {
        lock (_gate)
        {
            _fileStamp = File.GetLastWriteTimeUtc(DatabasePath);
            _version = LoadVersion();
        }
    }

    /// <summary>After a commit that changed data: caches keyed on the old version stop being used at once.</summary>
    public void NotifyChanged()
    {
        lock (_gate) _version = LoadVersion();
        Changed?.Invoke();
    }

    public void RefreshIfReplaced()
    {
        var now = Environment.TickCount64;
        if (now < Volatile.Read(ref _nextCheckTicks)) return;
        Volatile.Write(ref _nextCheckTicks, now + 1000);
        var stamp = File.GetLastWriteTimeUtc(DatabasePath);
        if (stamp == _fileStamp) return;
        lock (_gate)
        {
            if (stamp == _fileStamp) return;
            SqliteConnection.ClearAllPools();
            _fileStamp = stamp;
            _version = LoadVersion();
        }
        Changed?.Invoke();
    }

    private string LoadVersion()
    {
        using var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM dataset_meta WHERE key = 'version'";
        return command.ExecuteScalar() as string ?? "empty";
    }
}
