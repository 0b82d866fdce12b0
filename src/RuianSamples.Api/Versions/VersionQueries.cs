using Dapper;
using RuianSamples.Api.Data;
using RuianSamples.Api.Partners;

namespace RuianSamples.Api.Versions;

/// <summary>
/// The only place SQL about dataset versions lives: the revisions committed after a version (to
/// rebuild records as they were), the revisions of a range of versions (the version list), and the
/// generations that have revisions. dataset_version is stored as text; it is compared as a number.
/// </summary>
public sealed class VersionQueries(CatalogDb db, VersionedCache cache)
{
    // Newest first: a record is rebuilt by undoing its revisions from the newest back.
    private const string AfterSql = PartnerQueries.RevisionSelect + " WHERE CAST(r.dataset_version AS BIGINT) > @After ORDER BY c.position DESC";
    private const string RangeSql = PartnerQueries.RevisionSelect + " WHERE CAST(r.dataset_version AS BIGINT) BETWEEN @Low AND @High ORDER BY c.position DESC";
    private const string GenerationsSql = "SELECT DISTINCT CAST(dataset_version AS BIGINT) AS generation FROM revisions ORDER BY generation DESC";
    private const string ImportedAtSql = "SELECT value FROM dataset_meta WHERE key = 'imported_at'";

    /// <summary>Every revision committed after <paramref name="generation"/>, newest first.</summary>
    public async Task<IReadOnlyList<PartnerQueries.RevisionRow>> AfterAsync(long generation)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<PartnerQueries.RevisionRow>(AfterSql, new { After = generation })).AsList();
    }

    /// <summary>The revisions of the versions from <paramref name="low"/> to <paramref name="high"/>, newest first.</summary>
    public async Task<IReadOnlyList<PartnerQueries.RevisionRow>> RangeAsync(long low, long high)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<PartnerQueries.RevisionRow>(RangeSql, new { Low = low, High = high })).AsList();
    }

    /// <summary>The generations made by partner writes (those with revisions), newest first; kept per dataset version.</summary>
    public Task<IReadOnlyList<long>> WriteGenerationsAsync() => cache.GetOrAddAsync("write-generations", async () =>
    {
        using var connection = db.OpenRead();
        return (IReadOnlyList<long>)(await connection.QueryAsync<long>(GenerationsSql)).AsList();
    });

    /// <summary>When the import that stands ran (UTC), as the importer recorded it.</summary>
    public async Task<string?> ImportedAtAsync()
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<string?>(ImportedAtSql);
    }
}
