using Dapper;
using FluentAssertions;
using Microsoft.Data.Sqlite;
using Npgsql;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data.Postgres;

/// <summary>The two engines' migrations end with the same tables and columns (see MigrationRunner for how they keep in step).</summary>
[Trait(Engines.Trait, Engines.PostgresOnly)]
public class SchemaParityTests
{
    // FTS5 keeps its index in shadow tables, and SQLite's search_fts has an implicit rowid; PostgreSQL's holds rowid, its
    // tsvectors, the token streams and lengths BM25 counts, and (search_stats) the totals FTS5 keeps in its shadow tables
    // (0009_search_bm25.sql). search_suggest (0012) is FTS5's title columns in SQLite, their tsvectors and the order's key in
    // PostgreSQL. Everything else must match name for name.
    private static bool IsEngineInternal(string table, string column) =>
        table.StartsWith("search_fts_", StringComparison.Ordinal) || table == "search_stats"
        || table.StartsWith("search_suggest_", StringComparison.Ordinal) || table == "search_suggest"
        || (table == "search_fts" && (column is "rowid" or "zh_bi" or "zh_uni" or "en" or "token_count" || column.EndsWith("_tokens", StringComparison.Ordinal)));

    [PostgresFact]
    public void Both_engines_end_with_the_same_tables_and_columns()
    {
        var sqlitePath = Path.Combine(TempPaths.NewDirectory("parity"), "catalog.db");
        DatabaseInitializer.EnsureReady(sqlitePath, TempPaths.ShippedSeeds);
        List<string> sqliteColumns;
        using (var sqlite = new SqliteConnection(CatalogDb.ReadConnectionString(sqlitePath) + ";Pooling=False"))
        {
            sqlite.Open();
            sqliteColumns = sqlite.Query<(string Table, string Column)>("""
                    SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
                    WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite_%'
                    """)
                .Where(c => !IsEngineInternal(c.Table, c.Column)).Select(c => $"{c.Table}.{c.Column}").Order(StringComparer.Ordinal).ToList();
        }

        var postgres = TestEngine.CreateDatabase(seeded: false);
        try
        {
            using (CatalogDb.Create(new CatalogOptions { Engine = "postgres", ConnectionString = postgres, SeedsDirectory = TempPaths.ShippedSeeds })) { }
            using var connection = new NpgsqlConnection(postgres);
            var postgresColumns = connection.Query<(string Table, string Column)>("""
                    SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()
                    """)
                .Where(c => !IsEngineInternal(c.Table, c.Column)).Select(c => $"{c.Table}.{c.Column}").Order(StringComparer.Ordinal).ToList();

            postgresColumns.Should().Equal(sqliteColumns);
            sqliteColumns.Should().Contain(["figures.retraction_comment", "search_docs.subject", "schema_versions.version", "search_vocab.term"]);
        }
        finally
        {
            TestEngine.DropDatabase(postgres);
        }
    }
}
