using System.Runtime.CompilerServices;

namespace RuianSamples.Api.Data;

/// <summary>
/// SQLite's process-wide settings, made once before its first connection opens: sqlite3_config refuses them after
/// sqlite3_initialize (SQLITE_MISUSE, harmless: SQLite's defaults then stay, only slower). A module initializer runs
/// before any code of this assembly, so before any catalog, import or test opens the library through it.
/// <list type="bullet">
/// <item>Multi-thread mode instead of serialized: every connection is used by one flow at a time (the read pool hands a
/// connection to one request, the request's snapshot is shared under <see cref="CatalogReadScope"/>'s gate, writes run
/// one at a time), so the per-connection mutex SQLite takes on every call guarded nothing. sqlite3_interrupt from a
/// cancelled request stays safe in this mode (SQLite documents it as callable from any thread).</item>
/// <item>No memory statistics: with them, every allocation SQLite makes takes one process-wide mutex, and under load the
/// two cores' requests queued on it (perf, an uncached English search: pthread_mutex_lock/unlock and futex waits ~8% of
/// the process). Nothing here reads sqlite3_memory_used or sets a soft heap limit, which need them.</item>
/// </list>
/// </summary>
internal static class SqliteSettings
{
    /// <summary>Whether both settings took effect (false when SQLite was initialized before this assembly's first use).</summary>
    public static bool Applied { get; private set; }

    [ModuleInitializer]
    internal static void Apply()
    {
        if (Applied) return;
        SQLitePCL.Batteries_V2.Init();
        Applied = SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MULTITHREAD) == SQLitePCL.raw.SQLITE_OK
                  & SQLitePCL.raw.sqlite3_config(SQLitePCL.raw.SQLITE_CONFIG_MEMSTATUS, 0) == SQLitePCL.raw.SQLITE_OK;
    }
}
