using System.Data.Common;

namespace RuianSamples.Api.Data;

/// <summary>
/// Runs partner writes: one transaction per request on <see cref="CatalogDb.OpenWrite"/> (SQLite:
/// busy timeout, synchronous=FULL, WAL), begun with the catalog's write lock held
/// (<see cref="CatalogDb.BeginWrite"/>: SQLite's IMMEDIATE, PostgreSQL's advisory lock) so the lock
/// is taken before anything is read (no upgrade deadlock, no interleaving across instances). A refusal throws and the transaction rolls back: the database is as
/// it was. After a commit that changed data the process is told (<see cref="CatalogDb.NotifyChanged"/>).
/// </summary>
public sealed class CatalogWriter(CatalogDb db)
{
    // Writers in this process queue here rather than spin on SQLite's busy handler; other processes wait on the busy timeout.
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction; it commits when work returns, rolls back when it throws.
    /// <paramref name="changesData"/> false is bookkeeping (the audit of a refused write): caches stay.</summary>
    public async Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, T> work, bool changesData = true, CancellationToken cancellation = default)
    {
        await _gate.WaitAsync(cancellation);
        try
        {
            T result;
            using (var connection = db.OpenWrite())
            using (var tx = db.BeginWrite(connection))
            {
                result = work(connection, tx);
                tx.Commit();
            }
            if (changesData)
            {
                db.NotifyChanged();
                db.RenewSnapshot();
            }
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }
}
