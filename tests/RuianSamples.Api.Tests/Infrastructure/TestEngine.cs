using Npgsql;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>
/// The engine this test run uses: SQLite unless RUIAN_TEST_ENGINE=postgres, with RUIAN_TEST_POSTGRES
/// the connection string of a server's maintenance database (tools/postgres-cluster.sh starts one).
/// Every fixture then gets a database of its own, made from a template that holds the shipped seeds
/// (CREATE DATABASE … TEMPLATE copies files: milliseconds, where an import takes seconds).
/// </summary>
public static class TestEngine
{
    public static CatalogEngine Engine { get; } =
        string.Equals(Environment.GetEnvironmentVariable("RUIAN_TEST_ENGINE"), "postgres", StringComparison.OrdinalIgnoreCase)
            ? CatalogEngine.Postgres : CatalogEngine.Sqlite;

    public static bool IsPostgres => Engine == CatalogEngine.Postgres;

    /// <summary>The maintenance database's connection string (RUIAN_TEST_POSTGRES), or null when no server was given.</summary>
    public static string? ServerConnectionString { get; } = Environment.GetEnvironmentVariable("RUIAN_TEST_POSTGRES");

    private static readonly Lazy<string> SeededTemplate = new(CreateSeededTemplate);
    private static readonly string RunId = Guid.NewGuid().ToString("N")[..8];

    /// <summary>A new, empty database (byte-order collation); with <paramref name="seeded"/>, holding the shipped seeds.</summary>
    public static string CreateDatabase(bool seeded = true)
    {
        var server = ServerConnectionString ?? throw new InvalidOperationException(
            "RUIAN_TEST_ENGINE=postgres needs RUIAN_TEST_POSTGRES (eval \"$(tools/postgres-cluster.sh start)\").");
        var name = $"ruian_t_{RunId}_{Guid.NewGuid():N}"[..40];
        var template = seeded ? SeededTemplate.Value : "template0";
        Admin($"CREATE DATABASE {name} TEMPLATE {template} ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        return ConnectionStringFor(name);
    }

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    public static void DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        try { Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); }
        catch (NpgsqlException) { } // the server went away at the end of the run: nothing left to drop
    }

    public static void Admin(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static string CreateSeededTemplate()
    {
        var name = $"ruian_tpl_{RunId}";
        Admin($"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'");
        using (CatalogDb.Create(new CatalogOptions
               {
                   Engine = "postgres",
                   ConnectionString = ConnectionStringFor(name),
                   SeedsDirectory = TempPaths.ShippedSeeds,
               }))
        {
        }
        NpgsqlConnection.ClearAllPools(); // a template must have no connections when it is copied
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)"); } catch (NpgsqlException) { }
        };
        return name;
    }
}
