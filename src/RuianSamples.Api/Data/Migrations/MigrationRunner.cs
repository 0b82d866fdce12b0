using System.Data;
using Dapper;

namespace RuianSamples.Api.Data.Migrations;

/// <summary>
/// Applies schema/migrations/NNNN_name.sql (SQLite) or schema/migrations/postgres/NNNN_name.sql
/// (embedded in the assembly) in order, inside the caller's transaction, recording them in
/// schema_versions. The two engines' migrations keep in step by number and name: PostgreSQL's
/// 0007 builds in one step what SQLite reached through 0001–0007 (PostgreSQL support began there),
/// and every later change is written twice under one number; a test compares the tables and
/// columns both engines end with. Hand-written rather than DbUp: it is forty lines, and it must run
/// inside the import's transaction for an empty database, which DbUp's own connection handling
/// does not allow.
/// </summary>
public sealed class MigrationRunner
{
    public sealed record Migration(int Version, string Name, string Sql);

    public static MigrationRunner Sqlite { get; } = new(CatalogEngine.Sqlite);
    public static MigrationRunner Postgres { get; } = new(CatalogEngine.Postgres);

    public static MigrationRunner For(CatalogEngine engine) => engine == CatalogEngine.Postgres ? Postgres : Sqlite;

    // SQLite's API as before: the embedded default.
    public static IReadOnlyList<Migration> All => Sqlite.Migrations;
    public static int Latest => Sqlite.LatestVersion;
    public static int CurrentVersion(IDbConnection connection, IDbTransaction? transaction = null) => Sqlite.Current(connection, transaction);
    public static int Apply(IDbConnection connection, IDbTransaction transaction) => Sqlite.ApplyPending(connection, transaction);

    private readonly CatalogEngine _engine;

    private MigrationRunner(CatalogEngine engine)
    {
        _engine = engine;
        var prefix = engine == CatalogEngine.Postgres ? "migrations/postgres/" : "migrations/";
        var assembly = typeof(MigrationRunner).Assembly;
        Migrations = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && !n[prefix.Length..].Contains('/') && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..^".sql".Length];
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return new Migration(int.Parse(name[..4]), name, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }

    public IReadOnlyList<Migration> Migrations { get; }

    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    private string TableExistsSql => _engine == CatalogEngine.Postgres
        ? "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_versions'"
        : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_versions'";

    private string CreateTableSql => _engine == CatalogEngine.Postgres
        ? "CREATE TABLE IF NOT EXISTS schema_versions (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        : """
            CREATE TABLE IF NOT EXISTS schema_versions (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                applied_at TEXT NOT NULL
            ) STRICT
            """;

    private const string RecordSql = "INSERT INTO schema_versions (version, name, applied_at) VALUES (@Version, @Name, @At)";

    public int Current(IDbConnection connection, IDbTransaction? transaction = null)
    {
        if (connection.ExecuteScalar<long>(TableExistsSql, transaction: transaction) == 0) return 0;
        return connection.ExecuteScalar<int>("SELECT coalesce(max(version), 0) FROM schema_versions", transaction: transaction);
    }

    /// <summary>Applies every pending migration inside <paramref name="transaction"/>.</summary>
    public int ApplyPending(IDbConnection connection, IDbTransaction transaction)
    {
        connection.Execute(CreateTableSql, transaction: transaction);
        var current = Current(connection, transaction);
        var applied = 0;
        foreach (var migration in Migrations.Where(m => m.Version > current))
        {
            connection.Execute(migration.Sql, transaction: transaction);
            connection.Execute(RecordSql, new { migration.Version, migration.Name, At = DateTimeOffset.UtcNow.ToString("O") }, transaction);
            applied++;
        }
        return applied;
    }
}
