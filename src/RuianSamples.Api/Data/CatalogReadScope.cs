using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Data;

/// <summary>
/// One request's read snapshot: one pooled connection and one read transaction, opened by the
/// request's first query and ended with the request. SQLite in WAL mode (and PostgreSQL's
/// REPEATABLE READ READ ONLY) gives the transaction a consistent view however many writers commit meanwhile, so a sample and its figures, an export
/// and its version label, a page and its total all come from the same dataset version. A client
/// that goes away interrupts the statement running for it.
/// </summary>
public sealed class CatalogReadScope : IDisposable
{
    private readonly CatalogDb _db;
    private readonly CancellationToken _aborted;
    private readonly AsyncLocal<CatalogReadScope?>? _slot;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncLocal<bool> _holding = new();
    private DbConnection? _connection;
    private DatasetVersion? _version;
    private CancellationTokenRegistration _interrupt;
    private bool _disposed;

    internal CatalogReadScope(CatalogDb db, CancellationToken aborted, AsyncLocal<CatalogReadScope?>? slot)
    {
        _db = db;
        _aborted = aborted;
        _slot = slot;
    }

    /// <summary>True once a query of this request has read the database.</summary>
    public bool HasSnapshot => _version is not null;

    /// <summary>The dataset version of this request's snapshot (opens the snapshot if need be).</summary>
    public string Version
    {
        get
        {
            if (_version is { } known) return known.Value;
            using var lease = Lease();
            return _version!.Value;
        }
    }

    internal CatalogConnection Lease(bool ownsScope = false)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Queries of one request may run concurrently (GraphQL siblings); one SQLite connection may not.
        // A lease taken inside another lease of the same flow (an export reading batches) shares it.
        var nested = _holding.Value;
        if (!nested)
        {
            _gate.Wait(_aborted);
            _holding.Value = true;
        }
        try
        {
            _connection ??= Open();
            return new CatalogConnection(_connection, _db, this, nested, ownsScope);
        }
        catch
        {
            if (!nested) Release();
            throw;
        }
    }

    internal void Release()
    {
        _holding.Value = false;
        _gate.Release();
    }

    private DbConnection Open()
    {
        _aborted.ThrowIfCancellationRequested();
        if (!_db.Available)
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged, $"{_db.Describe} cannot be read.");
        DbConnection? connection = null;
        try
        {
            connection = _db.OpenPooledRead();
            using (var begin = connection.CreateCommand())
            {
                // A plain BEGIN, not BeginTransaction(): Dapper's commands then need no transaction object.
                // PostgreSQL: REPEATABLE READ is its snapshot isolation (one snapshot for the whole transaction).
                begin.CommandText = connection is SqliteConnection ? "BEGIN" : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
                begin.ExecuteNonQuery();
            }
            // The first read fixes the snapshot: the version is read inside it.
            _version = DatasetVersion.Read(connection);
            _db.Observe(_version);
            if (connection is SqliteConnection sqlite)
            {
                // Counted at the SQLite level (every statement run), so tests can prove batching without trusting our own bookkeeping.
                SqliteStatementCounter.Start(sqlite, _db.StatementCounter);
                var handle = sqlite.Handle;
                _interrupt = _aborted.Register(() => SQLitePCL.raw.sqlite3_interrupt(handle));
            }
            return connection;
        }
        catch (Exception e) when (CatalogDb.IsUnavailable(e))
        {
            _db.ReportUnavailable();
            CatalogDb.DiscardRead(connection);
            throw;
        }
        catch
        {
            CatalogDb.DiscardRead(connection);
            throw;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_slot is not null && _slot.Value == this) _slot.Value = null;
        EndSnapshot();
    }

    /// <summary>
    /// After a write of this request committed: the snapshot ends and the request's next query opens a
    /// new one, which sees the write (a GraphQL mutation's selection set reads what the mutation wrote).
    /// Not while this flow holds a lease (its reader would lose its connection).
    /// </summary>
    internal void Renew()
    {
        if (_disposed || _holding.Value) return;
        _gate.Wait(); // not cancelled with the request: the write has committed, the answer still has to say so
        try
        {
            EndSnapshot();
            _version = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void EndSnapshot()
    {
        _interrupt.Dispose();
        var connection = _connection;
        _connection = null;
        if (connection is null) return;
        try
        {
            if (connection is SqliteConnection sqlite) SqliteStatementCounter.Stop(sqlite);
            using (var end = connection.CreateCommand())
            {
                end.CommandText = "ROLLBACK"; // a read transaction: nothing to keep
                end.ExecuteNonQuery();
            }
            _db.ReturnRead(connection); // back to the pool, with no transaction open
        }
        catch (Exception e) when (CatalogDb.IsUnavailable(e))
        {
            CatalogDb.DiscardRead(connection);
        }
    }

}

/// <summary>
/// A lease on a request's snapshot connection, used like a connection (Dapper takes it as an
/// IDbConnection). Disposing it ends the lease, not the snapshot, unless it owns its scope.
/// </summary>
public sealed class CatalogConnection : IDbConnection
{
    private readonly DbConnection _connection;
    private readonly CatalogDb _db;
    private readonly CatalogReadScope _scope;
    private readonly bool _nested;
    private readonly bool _ownsScope;
    private bool _disposed;

    internal CatalogConnection(DbConnection connection, CatalogDb db, CatalogReadScope scope, bool nested, bool ownsScope)
    {
        _connection = connection;
        _db = db;
        _scope = scope;
        _nested = nested;
        _ownsScope = ownsScope;
    }

    /// <summary>The underlying connection, for code that needs SQLite itself (valid until the lease is disposed).</summary>
    public SqliteConnection Sqlite => _connection as SqliteConnection
        ?? throw new NotSupportedException("This catalog runs on PostgreSQL; use the lease as a connection.");

    public CatalogEngine Engine => _db.Engine;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (!_nested) _scope.Release();
        if (_ownsScope) _scope.Dispose();
    }

    public IDbCommand CreateCommand() => _db.CreateCommand(_connection);

    [System.Diagnostics.CodeAnalysis.AllowNull]
    public string ConnectionString
    {
        get => _connection.ConnectionString;
        set => throw new NotSupportedException("A catalog lease is opened by CatalogDb.");
    }

    public int ConnectionTimeout => _connection.ConnectionTimeout;
    public string Database => _connection.Database;
    public ConnectionState State => _connection.State;
    public IDbTransaction BeginTransaction() => throw new NotSupportedException("Reads run in the request's snapshot; write through CatalogDb.OpenWrite().");
    public IDbTransaction BeginTransaction(IsolationLevel il) => BeginTransaction();
    public void ChangeDatabase(string databaseName) => throw new NotSupportedException();
    public void Close() => Dispose();
    public void Open() { }
}
