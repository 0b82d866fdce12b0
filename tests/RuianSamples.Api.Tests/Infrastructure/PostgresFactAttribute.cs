namespace RuianSamples.Api.Tests.Infrastructure;

/// <summary>
/// A test that needs a PostgreSQL server (RUIAN_TEST_POSTGRES): reported as skipped, with the reason
/// and the way to run it, on a machine without one. CI starts a server and always runs them.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestEngine.ServerConnectionString is null)
            Skip = "No PostgreSQL server: set RUIAN_TEST_POSTGRES, e.g. eval \"$(tools/postgres-cluster.sh start)\" (CI does).";
    }
}

/// <summary>Marks tests that read or damage the SQLite file itself (its header, WAL, PRAGMAs): they run in the SQLite half only.</summary>
public static class Engines
{
    public const string Trait = "Engine";
    public const string SqliteOnly = "sqlite";

    /// <summary>
    /// Tests of PostgreSQL itself (several instances, restarts, the copy from SQLite): they make their
    /// own databases, so they run once, in the default run, whenever a server is given. The PostgreSQL
    /// half of CI (RUIAN_TEST_ENGINE=postgres) runs everything else again: --filter "Engine!=sqlite&amp;Engine!=postgres".
    /// </summary>
    public const string PostgresOnly = "postgres";
}
