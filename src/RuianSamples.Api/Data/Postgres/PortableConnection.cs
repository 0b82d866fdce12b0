using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace RuianSamples.Api.Data;

/// <summary>
/// A PostgreSQL connection as the query layer sees it. Dapper hands Npgsql a list parameter as one
/// array (which needs <c>= ANY(@ids)</c>), but expands it into <c>IN (@ids1, @ids2 …)</c> for every
/// other provider; presenting Npgsql's commands as this connection's makes Dapper expand lists on
/// both engines, so one SQL text (<c>WHERE id IN @Ids</c>) serves both. Commands are counted like
/// SQLite's traced statements, so batching tests hold on both engines.
/// </summary>
public sealed class PortableConnection(DbConnection inner, CatalogDb db) : DbConnection
{
    public DbConnection Inner => inner;

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => inner.ConnectionString = value;
    }

    public override string Database => inner.Database;
    public override string DataSource => inner.DataSource;
    public override string ServerVersion => inner.ServerVersion;
    public override ConnectionState State => inner.State;
    public override void ChangeDatabase(string databaseName) => inner.ChangeDatabase(databaseName);
    public override void Close() => inner.Close();
    public override void Open() => inner.Open();
    public override Task OpenAsync(CancellationToken cancellationToken) => inner.OpenAsync(cancellationToken);
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);
    protected override DbCommand CreateDbCommand() => new PortableCommand(inner.CreateCommand(), this, db);

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>An Npgsql command that answers <see cref="DbCommand.Connection"/> with its <see cref="PortableConnection"/> (see there why).</summary>
public sealed class PortableCommand(DbCommand inner, PortableConnection? owner, CatalogDb db) : DbCommand
{
    [AllowNull]
    public override string CommandText
    {
        get => inner.CommandText;
        set => inner.CommandText = value;
    }

    public override int CommandTimeout
    {
        get => inner.CommandTimeout;
        set => inner.CommandTimeout = value;
    }

    public override CommandType CommandType
    {
        get => inner.CommandType;
        set => inner.CommandType = value;
    }

    public override bool DesignTimeVisible
    {
        get => inner.DesignTimeVisible;
        set => inner.DesignTimeVisible = value;
    }

    public override UpdateRowSource UpdatedRowSource
    {
        get => inner.UpdatedRowSource;
        set => inner.UpdatedRowSource = value;
    }

    // Dapper asks the command's connection whether the provider takes arrays: this one answers as a generic provider.
    protected override DbConnection? DbConnection
    {
        get => owner;
        set => throw new NotSupportedException("A catalog command stays on the connection that made it.");
    }

    protected override DbParameterCollection DbParameterCollection => inner.Parameters;

    protected override DbTransaction? DbTransaction
    {
        get => inner.Transaction;
        set => inner.Transaction = value;
    }

    public override void Cancel() => inner.Cancel();
    public override void Prepare() => inner.Prepare();
    protected override DbParameter CreateDbParameter() => inner.CreateParameter();

    public override int ExecuteNonQuery()
    {
        db.CountOne();
        return inner.ExecuteNonQuery();
    }

    public override object? ExecuteScalar()
    {
        db.CountOne();
        return inner.ExecuteScalar();
    }

    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
    {
        db.CountOne();
        return inner.ExecuteReader(behavior);
    }

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
    {
        db.CountOne();
        return inner.ExecuteNonQueryAsync(cancellationToken);
    }

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
    {
        db.CountOne();
        return inner.ExecuteScalarAsync(cancellationToken);
    }

    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        db.CountOne();
        return inner.ExecuteReaderAsync(behavior, cancellationToken);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
