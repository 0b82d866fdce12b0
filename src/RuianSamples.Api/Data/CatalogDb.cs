using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace RuianSamples.Api.Data;

/// <summary>
/// The catalog database. Every request reads one dataset version from start to end: its first
/// query opens a read transaction on one connection (a WAL snapshot) that all of the request's
/// queries share (<see cref="OpenRead"/> hands out leases on it), and the version the request
/// reports, caches under and puts in ETags is the one read inside that snapshot. Writers
/// (re-import, partner writes) change the data and the version in one transaction and call
/// <see cref="NotifyChanged"/>; changes made by other processes are noticed within a second.
/// </summary>
public sealed class CatalogDb : IDisposable
{
    private readonly string _readConnectionString;
    private readonly string _writeConnectionString;
    private readonly object _gate = new();
    private readonly AsyncLocal<CatalogReadScope?> _scope = new();
    private long _nextCheckTicks;
    private DatasetVersion _current = DatasetVersion.None;

    private readonly NpgsqlDataSource? _postgres;
    private readonly SqliteReadPool? _sqliteReads;

    /// <summary>The embedded default: one SQLite file.</summary>
    public CatalogDb(string databasePath)
    {
        DatabasePath = databasePath;
        _readConnectionString = ReadConnectionString(databasePath);
        _writeConnectionString = WriteConnectionString(databasePath);
        _sqliteReads = new SqliteReadPool(_readConnectionString);
        StatementCounter = SqliteStatementCounter.TargetOf(this);
        Describe = $"The database file {Path.GetFileName(databasePath)}";
    }

    /// <summary>A PostgreSQL database shared by several instances (Catalog__Engine=postgres).</summary>
    public CatalogDb(NpgsqlDataSource postgres)
    {
        _postgres = postgres;
        DatabasePath = "";
        _readConnectionString = _writeConnectionString = "";
        Describe = $"The PostgreSQL database {new NpgsqlConnectionStringBuilder(postgres.ConnectionString).Database}";
    }

    /// <summary>
    /// Opens the configured catalog, creating or migrating it first (an empty database gets the
    /// migrations and the seeds import in one transaction; one that holds anything keeps its data).
    /// </summary>
    public static CatalogDb Create(CatalogOptions options, ILogger? logger = null)
    {
        if (options.ResolvedEngine == CatalogEngine.Sqlite)
        {
            DatabaseInitializer.EnsureReady(options.DatabasePath, options.ResolvedSeedsDirectory, logger);
            var sqlite = new CatalogDb(options.DatabasePath);
            sqlite.MarkReady();
            return sqlite;
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                "Catalog:Engine is postgres but ConnectionStrings:Catalog is not set (e.g. ConnectionStrings__Catalog=\"Host=127.0.0.1;Database=ruian;Username=ruian\").");
        var dataSource = PostgresCatalog.CreateDataSource(options.ConnectionString);
        var db = new CatalogDb(dataSource);
        try
        {
            PostgresCatalog.EnsureReady(dataSource, db, options.ResolvedSeedsDirectory, logger);
        }
        catch (Exception e) when (IsUnavailable(e) && e is not CatalogUnavailableException)
        {
            db.Dispose();
            throw new CatalogUnavailableException(CatalogUnavailableException.NotWritable, $"{db.Describe} cannot be reached or written: {e.Message}", e);
        }
        catch
        {
            db.Dispose();
            throw;
        }
        db.MarkReady();
        return db;
    }

    /// <summary>The PostgreSQL connection pool (null on SQLite), for the change listener.</summary>
    public NpgsqlDataSource? PostgresDataSource => _postgres;

    /// <summary>SQLite's idle read connections drop their page caches (the server is quiet); none on PostgreSQL. Returns how many.</summary>
    internal int ReleaseIdleReadMemory() => _sqliteReads?.ReleaseIdleMemory() ?? 0;

    public void Dispose()
    {
        _postgres?.Dispose();
        _sqliteReads?.Dispose();
    }

    public CatalogEngine Engine => _postgres is null ? CatalogEngine.Sqlite : CatalogEngine.Postgres;

    /// <summary>The SQLite file (empty on PostgreSQL).</summary>
    public string DatabasePath { get; }

    /// <summary>"The database file catalog.db" / "The PostgreSQL database ruian": for messages that name what cannot be read.</summary>
    public string Describe { get; }

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
        Pooling = false, // SqliteReadPool keeps them open, with their prepared statements
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

    /// <summary>A read-write connection. Writers run one transaction per request on it (<see cref="BeginWrite"/>).</summary>
    public DbConnection OpenWrite()
    {
        if (_postgres is not null) return new PortableConnection(_postgres.OpenConnection(), this);
        var connection = new SqliteConnection(_writeConnectionString);
        connection.Open();
        // FULL: an acknowledged write survives power loss too, not only a killed process (WAL's NORMAL does that much).
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL";
        pragma.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Begins a write transaction that holds the catalog's one write lock from its first statement,
    /// so writers never interleave: SQLite's BEGIN IMMEDIATE; on PostgreSQL a transaction-scoped
    /// advisory lock that every instance takes. Checks made inside (If-Match, idempotency keys, rate
    /// of writes) therefore see every earlier write, and commits happen in change-feed order.
    /// </summary>
    public DbTransaction BeginWrite(DbConnection connection)
    {
        if (connection is SqliteConnection sqlite) return sqlite.BeginTransaction(deferred: false);
        var tx = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        connection.Execute(PostgresCatalog.WriteLockSql, transaction: tx);
        return tx;
    }

    /// <summary>Sets a new dataset version inside a writer's transaction; returns it. Call <see cref="NotifyChanged"/> after the commit.</summary>
    public static string BumpVersion(DbConnection connection, DbTransaction transaction) =>
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
    /// <summary>This catalog as SQLite's statement trace calls back to it (<see cref="SqliteStatementCounter"/>).</summary>
    internal readonly IntPtr StatementCounter;

    /// <summary>SQL statements run on read connections since start-up (for tests and diagnostics).</summary>
    public long StatementsExecuted => Interlocked.Read(ref _statementsExecuted);

    internal void CountOne() => Interlocked.Increment(ref _statementsExecuted);

    internal DbConnection OpenPooledRead()
    {
        if (_postgres is not null) return _postgres.OpenConnection();
        return _sqliteReads!.Rent();
    }

    /// <summary>A read connection whose transaction has ended goes back to its pool.</summary>
    internal void ReturnRead(DbConnection connection)
    {
        if (connection is PooledSqliteConnection pooled && _sqliteReads is not null) _sqliteReads.Return(pooled);
        else connection.Dispose();
    }

    /// <summary>A read connection in an unknown state is closed, never pooled (Npgsql never pools a broken connection).</summary>
    internal static void DiscardRead(DbConnection? connection) => connection?.Dispose();

    /// <summary>PostgreSQL: commands that Dapper treats like SQLite's (lists expanded, one SQL text for both engines), counted.</summary>
    internal DbCommand CreateCommand(DbConnection connection) =>
        _postgres is null ? connection.CreateCommand() : new PortableCommand(connection.CreateCommand(), null, this);

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

    internal void ReportUnavailable()
    {
        _available = false;
        // PostgreSQL restarted or went away: idle pooled connections are dead; open new ones once it is back.
        _postgres?.Clear();
    }

    private void RefreshIfStale()
    {
        var now = Environment.TickCount64;
        if (now < Volatile.Read(ref _nextCheckTicks)) return;
        Volatile.Write(ref _nextCheckTicks, now + 1000);
        try
        {
            if (_postgres is null && !File.Exists(DatabasePath))
            {
                // Pooled connections would go on reading the deleted file: drop them, and answer 503 until it is back.
                if (_available) _sqliteReads?.Clear();
                ReportUnavailable();
                return;
            }
            Observe(ReadCurrent());
            _available = true;
        }
        catch (Exception e) when (IsUnavailable(e))
        {
            ReportUnavailable();
        }
    }

    /// <summary>
    /// Failures that mean the database cannot serve right now (503 and retry), as opposed to defects:
    /// any SQLite error (the file is damaged, gone or locked) and PostgreSQL's connection-level
    /// failures (server down or restarting, refused, too many connections, timeouts).
    /// </summary>
    public static bool IsUnavailable(Exception e) => e switch
    {
        SqliteException or CatalogUnavailableException => true,
        PostgresException pg => pg.SqlState.StartsWith("08", StringComparison.Ordinal) || pg.SqlState.StartsWith("57P", StringComparison.Ordinal)
                                || pg.SqlState is "53300" or "53400" or "55000" or "25006",
        NpgsqlException => true, // no server answer at all: connection refused, broken, timed out
        TimeoutException => true,
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };

    private DatasetVersion ReadCurrent()
    {
        var connection = OpenPooledRead();
        try
        {
            var version = DatasetVersion.Read(connection);
            ReturnRead(connection);
            return version;
        }
        catch
        {
            DiscardRead(connection);
            throw;
        }
    }

    /// <summary>A version another instance announced (PostgreSQL NOTIFY): caches keyed on older versions stop being used at once.</summary>
    internal void Announce(string version) => Observe(DatasetVersion.Parse(version));
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

    internal const string ReadSql = "SELECT value FROM dataset_meta WHERE key = 'version'";

    public static DatasetVersion Read(IDbConnection connection, IDbTransaction? transaction = null) =>
        Parse(connection.ExecuteScalar<string?>(ReadSql, transaction: transaction));

    public static DatasetVersion Parse(string? value) =>
        long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var generation)
            ? new DatasetVersion(generation) : None;

    /// <summary>Whether <paramref name="version"/> came after <paramref name="than"/> (versions are generations).</summary>
    public static bool IsNewer(string version, string than) => Parse(version).Generation > Parse(than).Generation;

    /// <summary>Raises the generation inside the caller's transaction (databases made before versions were generations start at 1).</summary>
    public static DatasetVersion Bump(IDbConnection connection, IDbTransaction transaction)
    {
        var next = new DatasetVersion(Read(connection, transaction).Generation + 1);
        connection.Execute(BumpSql, new { Value = next.Value }, transaction);
        // Other instances on the same PostgreSQL hear of it at commit (PostgresCatalog's listener).
        if (connection is PortableConnection) connection.Execute(PostgresCatalog.NotifySql, new { Value = next.Value }, transaction);
        return next;
    }

    private const string BumpSql = "INSERT INTO dataset_meta (key, value) VALUES ('version', @Value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
}
