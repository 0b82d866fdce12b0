using System.Runtime.InteropServices;
using Dapper;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>
/// SQLite runs in multi-thread mode without memory statistics (Data/SqliteSettings.cs), asked of SQLite itself on a
/// catalog's own connections: a connection in serialized mode has a mutex, and statistics count the bytes allocated.
/// </summary>
[Trait(Engines.Trait, Engines.SqliteOnly)]
public class SqliteSettingsTests
{
    // The library SQLitePCL's provider has loaded (same name, so the same process-wide state).
    [DllImport("e_sqlite3")] private static extern IntPtr sqlite3_db_mutex(IntPtr db);
    [DllImport("e_sqlite3")] private static extern long sqlite3_memory_used();

    [Fact]
    public void The_catalogs_connections_have_no_mutex_and_sqlite_keeps_no_memory_statistics()
    {
        SqliteSettings.Applied.Should().BeTrue("the test assembly applies the settings before any test opens SQLite (TestModule)");
        using var db = TempPaths.NewSqliteCatalog("settings");
        using var scope = db.BeginScope(CancellationToken.None);
        using var lease = db.OpenRead();
        lease.Query<string>("SELECT title_zh FROM samples ORDER BY number").Should().HaveCount(10);

        sqlite3_db_mutex(lease.Sqlite.Handle!.DangerousGetHandle()).Should().Be(IntPtr.Zero, "multi-thread mode gives a connection no mutex");
        sqlite3_memory_used().Should().Be(0, "without statistics SQLite counts no allocation, though this connection has made many");
    }
}
