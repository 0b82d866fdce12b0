using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using RuianSamples.Api.Data.Migrations;
using RuianSamples.Api.Data.Seeding;

namespace RuianSamples.Api.Data;

/// <summary>
/// <c>copy --to postgres</c>: moves a SQLite catalog (records, partner revisions, keys, audit log,
/// change feed, dataset version) into an empty PostgreSQL database in one transaction, rebuilds the
/// search index there, and verifies before committing: the row count of every table and a SHA-256
/// over every row (columns in order, values in one canonical text form) must be equal on both
/// sides, or nothing is committed.
/// </summary>
public static class CopyToPostgres
{
    /// <summary>Every table that holds data (not derived), parents before children. A table missing here fails the copy: it must be added.</summary>
    public static readonly string[] Tables =
    [
        "dataset_meta", "sources", "themes", "regions", "samples", "sample_regions", "sample_measures", "reforms", "reform_themes",
        "reform_samples", "firsts", "figures", "milestones", "honors", "captions", "api_keys", "revisions", "change_feed", "audit_log",
        "idempotency_keys",
    ];

    /// <summary>Derived (rebuilt from the records) or kept by the migrations themselves.</summary>
    private static bool IsDerived(string table) => table.StartsWith("search_", StringComparison.Ordinal) || table is "schema_versions" or "record_documents";

    public sealed record Result(int Tables, long Rows, string Checksum);

    public static int Run(CatalogOptions options, string[] args)
    {
        if (args.ElementAtOrDefault(0) != "--to" || args.ElementAtOrDefault(1) != "postgres")
        {
            Console.Error.WriteLine("usage: copy --to postgres   (from the SQLite catalog in Catalog:DataDirectory to ConnectionStrings:Catalog)");
            return 2;
        }
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            Console.Error.WriteLine("Set ConnectionStrings:Catalog (e.g. ConnectionStrings__Catalog=\"Host=127.0.0.1;Database=ruian;Username=ruian\") to the empty PostgreSQL database.");
            return 2;
        }
        if (!File.Exists(options.DatabasePath))
        {
            Console.Error.WriteLine($"There is no SQLite catalog at {options.DatabasePath} to copy.");
            return 2;
        }
        var result = Copy(options.DatabasePath, options.ConnectionString, options.ResolvedSeedsDirectory);
        Console.WriteLine($"copied {result.Tables} tables, {result.Rows} rows from {options.DatabasePath} to PostgreSQL; counts and checksums equal (sha256 {result.Checksum}); search index rebuilt");
        return 0;
    }

    public static Result Copy(string sqlitePath, string postgresConnectionString, string seedsDirectory)
    {
        // The SQLite catalog brought to this build's schema first (its data left as it is), so both sides have the same columns.
        DatabaseInitializer.EnsureReady(sqlitePath, seedsDirectory);
        using var sqlite = new SqliteConnection(CatalogDb.ReadConnectionString(sqlitePath));
        sqlite.Open();
        using var source = sqlite.BeginTransaction(); // one snapshot of the source throughout
        var missing = SqliteTables(sqlite, source).Where(t => !IsDerived(t) && !Tables.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The copy does not know the tables {string.Join(", ", missing)}; add them to CopyToPostgres.Tables.");

        using var dataSource = PostgresCatalog.CreateDataSource(postgresConnectionString);
        using var db = new CatalogDb(dataSource);
        using var connection = db.OpenWrite();
        var npgsql = (NpgsqlConnection)((PortableConnection)connection).Inner;
        if (connection.ExecuteScalar<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()") > 0)
            throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                $"{db.Describe} is not empty: the copy goes only into an empty database (nothing was changed).");
        using var tx = db.BeginWrite(connection);
        MigrationRunner.Postgres.ApplyPending(connection, tx);

        long rows = 0;
        var total = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var table in Tables)
        {
            var columns = PostgresColumns(connection, tx, table);
            using (var read = sqlite.CreateCommand())
            {
                read.Transaction = source;
                read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => c.Name))} FROM {table}";
                using var reader = read.ExecuteReader();
                using var import = npgsql.BeginBinaryImport($"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)");
                while (reader.Read())
                {
                    import.StartRow();
                    for (var i = 0; i < columns.Count; i++)
                    {
                        if (reader.IsDBNull(i)) { import.WriteNull(); continue; }
                        switch (columns[i].Type)
                        {
                            case "bigint": import.Write(reader.GetInt64(i), NpgsqlDbType.Bigint); break;
                            case "boolean": import.Write(reader.GetInt64(i) != 0, NpgsqlDbType.Boolean); break;
                            case "double precision": import.Write(reader.GetDouble(i), NpgsqlDbType.Double); break;
                            default: import.Write(reader.GetString(i), NpgsqlDbType.Text); break;
                        }
                    }
                }
                import.Complete();
            }
            // Identities continue after the copied ids.
            if (columns.Any(c => c.Name == "id" && c.Identity))
                connection.Execute($"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false)", transaction: tx);

            var (sqliteCount, sqliteHash) = Digest(sqlite, source, table, columns);
            var (postgresCount, postgresHash) = Digest(connection, tx, table, columns);
            if (sqliteCount != postgresCount || sqliteHash != postgresHash)
                throw new CatalogUnavailableException(CatalogUnavailableException.Damaged,
                    $"Verification failed for {table}: SQLite {sqliteCount} rows ({sqliteHash[..12]}), PostgreSQL {postgresCount} rows ({postgresHash[..12]}). Nothing was committed.");
            rows += sqliteCount;
            total.AppendData(Encoding.UTF8.GetBytes(table + ":" + sqliteHash + "\n"));
        }
        foreach (var build in SeedImporter.DerivedBuilders) build(connection, tx);
        tx.Commit();
        return new Result(Tables.Length, rows, Convert.ToHexStringLower(total.GetHashAndReset()));
    }

    private sealed record Column(string Name, string Type, bool Identity);

    private static List<Column> PostgresColumns(DbConnection connection, DbTransaction tx, string table) =>
        connection.Query<(string Name, string Type, string Identity)>("""
            SELECT column_name, data_type, is_identity FROM information_schema.columns
            WHERE table_schema = current_schema() AND table_name = @Table AND is_generated = 'NEVER'
            ORDER BY ordinal_position
            """, new { Table = table }, tx).Select(c => new Column(c.Name, c.Type, c.Identity == "YES")).ToList();

    private static IEnumerable<string> SqliteTables(SqliteConnection connection, SqliteTransaction tx) =>
        connection.Query<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'", transaction: tx);

    /// <summary>Rows in key order (the first column, then the rest), each value in one canonical text form; the count and the SHA-256.</summary>
    private static (long Count, string Hash) Digest(DbConnection connection, DbTransaction tx, string table, List<Column> columns)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        var names = string.Join(", ", columns.Select(c => c.Name));
        command.CommandText = $"SELECT {names} FROM {table} ORDER BY {string.Join(", ", columns.Select(c => c.Name + " NULLS FIRST"))}";
        using var reader = command.ExecuteReader();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        var row = new StringBuilder();
        while (reader.Read())
        {
            row.Clear();
            for (var i = 0; i < columns.Count; i++)
            {
                row.Append(reader.IsDBNull(i) ? "\u0000" : columns[i].Type switch
                {
                    "bigint" => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                    "boolean" => Convert.ToBoolean(reader.GetValue(i), CultureInfo.InvariantCulture) ? "1" : "0",
                    "double precision" => reader.GetDouble(i).ToString("R", CultureInfo.InvariantCulture),
                    _ => reader.GetString(i),
                });
                row.Append('\u001f');
            }
            hash.AppendData(Encoding.UTF8.GetBytes(row.Append('\u001e').ToString()));
            count++;
        }
        return (count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}
