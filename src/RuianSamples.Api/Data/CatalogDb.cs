using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Data;

/// <summary>
/// The catalog database. Every request reads one dataset version from start to end: its first
/// query opens a read transaction on one connection (a WAL snapshot) that all of the request's
/// queries share (<see cref="OpenRead"/> hands out leases on it), and the version the request
/// reports, caches under and puts in ETags is the one read inside that snapshot. Writers
/// (re-import, partner writes) change the data and the version in one transaction and call
/// <see cref="NotifyChanged"/>; changes made by other processes are noticed within a second.
/// </summary>
public sealed class CatalogDb
{
    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly object _gate = new();
    private readonly AsyncLocal<CatalogReadScope?> _scope = new();
    private long _nextCheckTicks;
    private DatasetVersion _current = DatasetVersion.None;

    public CatalogDb(string databasePath)
    {
        DatabasePath = databasePath;
        _readConnectionString = ReadConnectionString(databasePath);
        _writeConnectionString = WriteConnectionString(databasePath);
        CountStatement = (_, _) => Interlocked.Increment(ref _statementsExecuted);
    }

    public string DatabasePath { get; }

    /// <summary>
    /// The dataset version this request reads (its snapshot's); outside a request, the newest.
    /// ETags, caches and totals are keyed on it.
    /// </summary>
    public string Version
    {
        get
        {
            if (_scope.Value is { } scope) return scope.Version;
            var newest = ReadCurrent();
            Observe(newest);
            return newest.Value;
        }
    }

    /// <summary>
    /// The newest version this process knows of, without touching the database: for looking up
    /// cached responses before a request reads anything. Store under <see cref="Version"/>.
    /// </summary>
    public string CurrentVersion
    {
        get
        {
            RefreshIfStale();
            return Volatile.Read(ref _current).Value;
        }
    }

    /// <summary>Raised when the dataset changed (a write here, or a change by another process noticed).</summary>
    public event Action? Changed;

    /// <summary>False while the database cannot serve (file gone or unreadable); readiness and every route answer 503 then.</summary>
    public bool Available
    {
        get
        {
            RefreshIfStale();
            return _available;
        }
    }

    private volatile bool _available = true;

    public static string ReadConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = true,
        Cache = SqliteCacheMode.Private,
        DefaultTimeout = 5,
    }.ToString();

    public static string WriteConnectionString(string path) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWrite,
        Pooling = false,
        ForeignKeys = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Starts the request's read scope (by CatalogDataExtensions.UseCatalogReadScope); nothing is opened until a query runs.</summary>
    public CatalogReadScope BeginScope(CancellationToken aborted)
    {
        var scope = new CatalogReadScope(this, aborted, _scope);
        _scope.Value = scope;
        return scope;
    }

    /// <summary>
    /// A connection on this request's snapshot (the same one for every query of the request).
    /// Outside a request (commands, tests, start-up) the lease owns a snapshot of its own.
    /// Dispose the lease when the query is done; the snapshot lives until the request ends.
    /// </summary>
    public CatalogConnection OpenRead()
    {
        if (_scope.Value is { } scope) return scope.Lease();
        var own = new CatalogReadScope(this, CancellationToken.None, null);
        return own.Lease(ownsScope: true);
    }

    /// <summary>A read-write connection (busy timeout, foreign keys). Writers run one transaction per request on it.</summary>
    public SqliteConnection OpenWrite()
    {
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        // FULL: an acknowledged write survives power loss too, not only a killed process (WAL's NORMAL does that much).
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>Sets a new dataset version inside a writer's transaction; returns it. Call <see cref="NotifyChanged"/> after the commit.</summary>
    public static string BumpVersion(SqliteConnection connection, SqliteTransaction transaction) =>
        DatasetVersion.Bump(connection, transaction).Value;

    /// <summary>After a commit that changed data: caches keyed on the old version stop being used at once.</summary>
    public void NotifyChanged()
    {
        Volatile.Write(ref _nextCheckTicks, 0);
        RefreshIfStale();
    }

    /// <summary>After this request's write committed: its later queries read a new snapshot, which holds the write.</summary>
    public void RenewSnapshot() => _scope.Value?.Renew();

    /// <summary>Called once the database is ready (after migrations and any import).</summary>
    public void MarkReady() => Observe(ReadCurrent());

    private long _statementsExecuted;
    internal readonly SQLitePCL.delegate_trace CountStatement;

    /// <summary>SQL statements run on read connections since start-up (for tests and diagnostics).</summary>
    public long StatementsExecuted => Interlocked.Read(ref _statementsExecuted);

    internal SqliteConnection OpenPooledRead()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A version read in some snapshot: the newest one seen becomes current (generations only grow).</summary>
    internal void Observe(DatasetVersion seen)
    {
        DatasetVersion before;
        lock (_gate)
        {
            before = _current;
            if (seen.Generation <= before.Generation && before != DatasetVersion.None) return;
            _current = seen;
        }
        if (before != DatasetVersion.None) Changed?.Invoke();
    }

    internal void ReportUnavailable() => _available = false;

    private void RefreshIfStale()
    {
        var now = Environment.TickCount64;
        if (now < Volatile.Read(ref _nextCheckTicks)) return;
        Volatile.Write(ref _nextCheckTicks, now + 1000);
        try
        {
            if (!File.Exists(DatabasePath))
            {
                // Pooled connections would go on reading the deleted file: drop them, and answer 503 until it is back.
                if (_available) SqliteConnection.ClearAllPools();
                ReportUnavailable();
                return;
            }
            Observe(ReadCurrent());
            _available = true;
        }
        catch (SqliteException)
        {
            ReportUnavailable();
        }
    }

    private DatasetVersion ReadCurrent()
    {
        using var connection = OpenPooledRead();
        return DatasetVersion.Read(connection);
    }
}

/// <summary>
/// The dataset's version: a generation number that every change of data (import, re-import,
/// partner write) raises by one, in the same transaction as the change. The version string is the
/// generation, so it orders, and two databases holding the same history agree on it.
/// </summary>
public sealed record DatasetVersion(long Generation)
{
    public static readonly DatasetVersion None = new(0);

    public string Value => Generation == 0 ? "empty" : Generation.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private const string ReadSql = "SELECT value FROM dataset_meta WHERE key = 'version'";

    public static DatasetVersion Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = ReadSql;
        return Parse(command.ExecuteScalar() as string);
    }

    public static DatasetVersion Parse(string? value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation)
            ? new DatasetVersion(generation) : None;

    /// <summary>Raises the generation inside the caller's transaction (databases made before versions were generations start at 1).</summary>
    public static DatasetVersion Bump(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = ReadSql;
        var next = new DatasetVersion(Parse(command.ExecuteScalar() as string).Generation + 1);
        command.CommandText = "INSERT INTO dataset_meta (key, value) VALUES ('version', $v) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$v", next.Value);
        command.ExecuteNonQuery();
        return next;
    }
}
