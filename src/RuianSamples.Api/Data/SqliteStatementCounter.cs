using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace RuianSamples.Api.Data;

/// <summary>
/// Counts the statements SQLite runs on a read connection, at the SQLite level (sqlite3_trace_v2 with SQLITE_TRACE_STMT:
/// one call as each statement starts, FTS5's inner statements included), so tests can prove batching without trusting our
/// own bookkeeping. SQLitePCL wraps only the legacy sqlite3_trace, which first writes every statement out with its bound
/// values into a new string (sqlite3VdbeExpandSql), then converts it for .NET: work for each statement that no one read.
/// </summary>
internal static class SqliteStatementCounter
{
    private const uint TraceStatement = 0x01; // SQLITE_TRACE_STMT

    private delegate int TraceCallback(uint type, IntPtr context, IntPtr statement, IntPtr text);

    // Kept in a static field: SQLite holds the pointer for as long as a connection is traced.
    private static readonly TraceCallback Callback = OnStatement;
    private static readonly IntPtr CallbackPointer = Marshal.GetFunctionPointerForDelegate(Callback);

    // The library SQLitePCL's provider loaded (the same name resolves to the same file).
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
    private static extern int sqlite3_trace_v2(IntPtr db, uint mask, IntPtr callback, IntPtr context);

    /// <summary>A handle SQLite passes back to the callback. Weak and never freed (one per catalog): a connection still traced
    /// when its catalog is disposed then counts nowhere instead of reading a freed handle.</summary>
    public static IntPtr TargetOf(CatalogDb db) => GCHandle.ToIntPtr(GCHandle.Alloc(db, GCHandleType.Weak));

    public static void Start(SqliteConnection connection, IntPtr target) =>
        sqlite3_trace_v2(connection.Handle!.DangerousGetHandle(), TraceStatement, CallbackPointer, target);

    public static void Stop(SqliteConnection connection) =>
        sqlite3_trace_v2(connection.Handle!.DangerousGetHandle(), 0, IntPtr.Zero, IntPtr.Zero);

    private static int OnStatement(uint type, IntPtr context, IntPtr statement, IntPtr text)
    {
        if (GCHandle.FromIntPtr(context).Target is CatalogDb db) db.CountOne();
        return 0;
    }
}
