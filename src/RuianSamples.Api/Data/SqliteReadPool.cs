using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace RuianSamples.Api.Data;

/// <summary>
/// The SQLite read connections, kept open between requests with their prepared statements.
/// Microsoft.Data.Sqlite's own pool keeps the native handle but disposes every command (and so
/// every prepared statement) when a connection closes, and Dapper makes a new command per query: each
/// request re-prepared every statement it ran (12% of a search request's time in the profile,
/// issue 14). Connections here stay open, so a statement is prepared once per connection and then
/// only reset and re-bound.
/// </summary>
internal sealed class SqliteReadPool(string connectionString) : IDisposable
{
    // Idle connections kept; more than this (a burst) are closed when returned.
    private const int MaxIdle = 32;

    // Last in, first out: the connection used last has the warmest page cache (and a burst's extras stay idle, then close).
    private readonly ConcurrentStack<PooledSqliteConnection> _idle = new();
    private int _idleCount;
    private int _generation;
    private bool _disposed;

    public PooledSqliteConnection Rent()
    {
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            if (connection.Generation == Volatile.Read(ref _generation)) return connection;
            connection.Dispose();
        }
        var opened = new PooledSqliteConnection(connectionString, Volatile.Read(ref _generation));
        try
        {
            opened.Open();
            return opened;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    /// <summary>Back to the pool: the caller has ended any transaction (a connection in an unknown state goes to <see cref="CatalogDb.DiscardRead"/>).</summary>
    public void Return(PooledSqliteConnection connection)
    {
        if (_disposed || connection.Generation != Volatile.Read(ref _generation) || Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            if (!_disposed && connection.Generation == Volatile.Read(ref _generation)) Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }
        _idle.Push(connection);
    }

    /// <summary>
    /// Idle connections drop their page caches (<c>PRAGMA shrink_memory</c>), kept open with their statements; those in
    /// use keep theirs. Taken off the pool while they do, so no request reads on one meanwhile. Returns how many.
    /// </summary>
    public int ReleaseIdleMemory()
    {
        var taken = new List<PooledSqliteConnection>();
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            taken.Add(connection);
        }
        foreach (var connection in taken) connection.ShrinkMemory();
        // Back in the order they were taken from, so the connection used last is still the first handed out.
        for (var i = taken.Count - 1; i >= 0; i--) Return(taken[i]);
        return taken.Count;
    }

    /// <summary>Closes every idle connection, and those in use when they come back (the file was deleted or replaced).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        while (_idle.TryPop(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
        }
    }

    public void Dispose()
    {
        _disposed = true;
        Clear();
    }
}

/// <summary>A read connection of <see cref="SqliteReadPool"/>, with the statements prepared on it.</summary>
internal sealed class PooledSqliteConnection(string connectionString, int generation) : SqliteConnection(connectionString)
{
    // Statements kept per connection; texts beyond this (lists expanded to many sizes) run unprepared-and-dropped as before.
    private const int MaxStatements = 256;

    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);
    private readonly HashSet<SqliteCommand> _busy = [];

    public int Generation { get; } = generation;

    public override void Open()
    {
        base.Open();
        // Lets diagnostics and tests walk the statements this connection holds (sqlite3_next_stmt); costs a lookup per prepare, which is now rare.
        Handle!.enable_sqlite3_next_stmt(true);
        // The query planner's stability guarantee: without it SQLite (3.4x on) plans a statement for the value bound to
        // LIMIT @Limit, marks the statement expired whenever that parameter is bound again, and prepares it anew at its
        // next step, so every page of every list was parsed and planned on every request (perf, first-time searches and
        // uncached REST pages). With it the plan is the one prepared without the value, which is the plan the tests read.
        SqliteException.ThrowExceptionForRC(raw.sqlite3_db_config(Handle, raw.SQLITE_DBCONFIG_ENABLE_QPSG, 1, out _), Handle);
    }

    /// <summary>Frees what SQLite can of this connection's memory, its page cache first (sqlite3_db_release_memory).</summary>
    internal void ShrinkMemory() => SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(Handle, "PRAGMA shrink_memory"), Handle);

    /// <summary>The prepared command for this text, or a new one if it is in use (a nested lease reading the same SQL).</summary>
    internal SqliteCommand Take(string text, out bool kept)
    {
        if (_statements.TryGetValue(text, out var command))
        {
            kept = _busy.Add(command);
            if (kept) return command;
        }
        else if (_statements.Count < MaxStatements)
        {
            command = base.CreateCommand();
            command.CommandText = text;
            _statements.Add(text, command);
            _busy.Add(command);
            kept = true;
            return command;
        }
        kept = false;
        var fresh = base.CreateCommand();
        fresh.CommandText = text;
        return fresh;
    }

    internal void Give(SqliteCommand command)
    {
        command.Parameters.Clear();
        _busy.Remove(command);
    }

    // Every command made on this connection (Dapper's, the snapshot's BEGIN, version read and ROLLBACK) reuses its text's statement.
    protected override DbCommand CreateDbCommand() => new ReusedStatementCommand(this);

    // Statements run through SQLitePCL itself (what Microsoft.Data.Sqlite is built on), for a read whose values are used
    // where SQLite holds them (RawStatement); kept like the commands above, finalized when the connection closes.
    private readonly Dictionary<string, sqlite3_stmt> _raw = new(StringComparer.Ordinal);
    private readonly HashSet<sqlite3_stmt> _rawBusy = [];

    /// <summary>This text's prepared statement, for one run (dispose the result to give it back).</summary>
    internal RawStatement Raw(string text)
    {
        if (_raw.TryGetValue(text, out var kept) && _rawBusy.Add(kept)) return new RawStatement(this, kept, owned: false);
        var rc = raw.sqlite3_prepare_v2(Handle, text, out var statement);
        SqliteException.ThrowExceptionForRC(rc, Handle);
        if (kept is null && _raw.Count < MaxStatements)
        {
            _raw.Add(text, statement);
            _rawBusy.Add(statement);
            return new RawStatement(this, statement, owned: false);
        }
        return new RawStatement(this, statement, owned: true);
    }

    internal void Give(sqlite3_stmt statement)
    {
        raw.sqlite3_reset(statement);
        raw.sqlite3_clear_bindings(statement);
        _rawBusy.Remove(statement);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var statement in _raw.Values) statement.Dispose(); // sqlite3_finalize, before the connection closes
            _raw.Clear();
            _rawBusy.Clear();
            _statements.Clear();
            _busy.Clear();
        }
        base.Dispose(disposing); // closing disposes the commands, and so the prepared statements
    }
}

/// <summary>
/// Every command made on a pooled read connection (Dapper's included): executing it takes its text's
/// prepared statement from the connection and binds its parameters; disposing it gives the statement
/// back, reset, for the next query with the same text.
/// </summary>
internal sealed class ReusedStatementCommand(PooledSqliteConnection connection) : DbCommand
{
    // The parameters stay here until execution (Dapper rewrites the text after binding when it expands a list).
    private readonly OwnParameters _parameters = new();
    private string _text = "";
    private SqliteCommand? _inner;
    private bool _kept;
    private DbDataReader? _reader;

    [AllowNull]
    public override string CommandText
    {
        get => _text;
        set => _text = value ?? "";
    }

    public override int CommandTimeout { get; set; } = connection.DefaultTimeout;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text) throw new NotSupportedException("SQLite runs SQL text only.");
        }
    }

    public override bool DesignTimeVisible { get; set; }
    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A catalog command stays on the connection that made it.");
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction
    {
        get => null;
        set
        {
            // Reads run in the snapshot's plain BEGIN; there is no transaction object to join.
            if (value is not null) throw new NotSupportedException("Reads run in the request's snapshot.");
        }
    }

    public override void Cancel() => _inner?.Cancel();
    public override void Prepare() { } // prepared on first use, kept with the connection
    protected override DbParameter CreateDbParameter() => new SqliteParameter();
    public override int ExecuteNonQuery() => Bind().ExecuteNonQuery();
    public override object? ExecuteScalar() => Bind().ExecuteScalar();

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        _reader = Bind().ExecuteReader(behavior);
        return _reader;
    }

    /// <summary>This text's prepared statement, with this command's parameters.</summary>
    private SqliteCommand Bind()
    {
        if (_inner is null || _inner.CommandText != _text)
        {
            ReleaseInner();
            _inner = connection.Take(_text, out _kept);
        }
        else _reader?.Dispose(); // executed again: its last reader is done
        _inner.CommandTimeout = CommandTimeout;
        _inner.Parameters.Clear();
        foreach (SqliteParameter parameter in _parameters) _inner.Parameters.Add(parameter);
        return _inner;
    }

    private void ReleaseInner()
    {
        if (_inner is null) return;
        _reader?.Dispose(); // a reader left open would keep the statement from being reset
        _reader = null;
        if (_kept) connection.Give(_inner);
        else _inner.Dispose();
        _inner = null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) ReleaseInner();
        base.Dispose(disposing);
    }

    private sealed class OwnParameters : SqliteParameterCollection;
}

/// <summary>
/// One run of a raw prepared statement: bind text parameters, step, read the row's values in place. A value read as
/// bytes is valid until the next step. Microsoft.Data.Sqlite copies every value it reads (a string, or a byte array for
/// bytes) and makes four calls into SQLite per text; a search page reads each row's texts once, here.
/// </summary>
internal readonly struct RawStatement(PooledSqliteConnection connection, sqlite3_stmt statement, bool owned) : IDisposable
{
    public RawStatement Bind(string name, string value)
    {
        var index = raw.sqlite3_bind_parameter_index(statement, name);
        if (index > 0) SqliteException.ThrowExceptionForRC(raw.sqlite3_bind_text(statement, index, value), connection.Handle);
        return this;
    }

    /// <summary>Steps to the next row; false when there is none.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(statement, column);

    /// <summary>The value's bytes (a text's UTF-8) where SQLite holds them, until the next step.</summary>
    public ReadOnlySpan<byte> Bytes(int column) => raw.sqlite3_column_blob(statement, column);

    public void Dispose()
    {
        if (owned) statement.Dispose();
        else connection.Give(statement);
    }
}
