using System.Runtime.InteropServices;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Tests.Data;

/// <summary>
/// The statements SQLite holds on a read connection, with its counters, walked through SQLite's own list
/// (sqlite3_next_stmt): SQLitePCL's wrapper knows only the statements it prepared itself, and FTS5 prepares
/// statements of its own on the same connection.
/// </summary>
internal static class SqliteStatements
{
    public sealed record Held(string Sql, int Runs, int Reprepares);

    public static IReadOnlyList<Held> Of(CatalogConnection lease)
    {
        var db = lease.Sqlite.Handle!.DangerousGetHandle();
        var held = new List<Held>();
        for (var stmt = Native.sqlite3_next_stmt(db, IntPtr.Zero); stmt != IntPtr.Zero; stmt = Native.sqlite3_next_stmt(db, stmt))
            held.Add(new Held(Marshal.PtrToStringUTF8(Native.sqlite3_sql(stmt)) ?? "",
                Native.sqlite3_stmt_status(stmt, 6 /* SQLITE_STMTSTATUS_RUN */, 0), Native.sqlite3_stmt_status(stmt, 5 /* SQLITE_STMTSTATUS_REPREPARE */, 0)));
        return held;
    }

    private static class Native
    {
        [DllImport("e_sqlite3")] public static extern IntPtr sqlite3_next_stmt(IntPtr db, IntPtr stmt);
        [DllImport("e_sqlite3")] public static extern IntPtr sqlite3_sql(IntPtr stmt);
        [DllImport("e_sqlite3")] public static extern int sqlite3_stmt_status(IntPtr stmt, int op, int reset);
    }
}
