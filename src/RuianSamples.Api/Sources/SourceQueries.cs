using Dapper;
using RuianSamples.Api.Data;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Sources;

/// <summary>The only place source SQL lives.</summary>
public sealed class SourceQueries(CatalogDb db, VersionedCache cache)
{
    private const string RefsSql = """
        SELECT id, title_zh, title_en, publication_zh, publication_en, byline, date, date_inferred, url FROM sources
        WHERE id IN @Ids ORDER BY id
        """;

    private const string ReadColumns = """
        SELECT s.id, s.file, s.original_name, s.title_zh, s.title_en, s.publication_zh, s.publication_en, s.byline, s.date, s.date_precision,
               s.date_inferred, s.date_basis, s.url, s.sha256, s.revision
        """;

    private const string Select = ReadColumns + """
        ,
               length(s.text_normalized) AS length,
               (SELECT count(*) FROM figures f WHERE f.source_id = s.id AND f.retracted_at IS NULL) AS figure_count,
               (SELECT count(*) FROM reforms r WHERE r.source_id = s.id) AS reform_count,
               (SELECT count(*) FROM milestones m WHERE m.source_id = s.id) AS milestone_count,
               (SELECT count(*) FROM honors h WHERE h.source_id = s.id) AS honor_count
        FROM sources s
        """;

    // Reads take their counts from CountsAsync; a write's own reading (ById, inside its transaction) counts in SQL.
    private const string ListSql = ReadColumns + " FROM sources s ORDER BY s.original_name";
    private const string ReadByIdSql = ReadColumns + " FROM sources s WHERE s.id = @Id";
    private const string ByIdSql = Select + " WHERE s.id = @Id";

    // What each source is cited by, and its text's length, once per dataset version: at 10^5 records counting a source's
    // live figures read each of its figure rows, and length() reads the whole text (53 ms for the list of sources).
    private const string CountsSql = """
        SELECT 'length' AS Kind, id AS Id, length(text_normalized) AS Count FROM sources
        UNION ALL
        SELECT 'figure', source_id, count(*) FROM figures WHERE retracted_at IS NULL GROUP BY source_id
        UNION ALL SELECT 'reform', source_id, count(*) FROM reforms GROUP BY source_id
        UNION ALL SELECT 'milestone', source_id, count(*) FROM milestones GROUP BY source_id
        UNION ALL SELECT 'honor', source_id, count(*) FROM honors GROUP BY source_id
        """;

    private sealed class CountRow { public string Kind { get; init; } = ""; public string? Id { get; init; } public long Count { get; init; } }

    private Task<ILookup<string, CountRow>> CountsAsync() =>
        cache.GetOrAddAsync("source-counts", async () =>
        {
            using var connection = db.OpenRead();
            return (await connection.QueryAsync<CountRow>(CountsSql)).Where(r => r.Id is not null).ToLookup(r => r.Id!, StringComparer.Ordinal);
        });

    private async Task<List<SourceRow>> CountedAsync(List<SourceRow> rows)
    {
        if (rows.Count == 0) return rows;
        var counts = await CountsAsync();
        foreach (var row in rows)
            foreach (var c in counts[row.Id])
                switch (c.Kind)
                {
                    case "figure": row.FigureCount = c.Count; break;
                    case "reform": row.ReformCount = c.Count; break;
                    case "milestone": row.MilestoneCount = c.Count; break;
                    case "length": row.Length = c.Count; break;
                    default: row.HonorCount = c.Count; break;
                }
        return rows;
    }
    private const string TextSql = "SELECT text_normalized AS normalized, text AS original FROM sources WHERE id = @Id";

    // Writes. The seeds import inserts with the same statement.
    public const string InsertSql = """
        INSERT INTO sources (id, file, original_name, title_zh, title_en, publication_zh, publication_en, byline,
                             date, date_precision, date_inferred, date_basis, url, sha256, text, text_normalized)
        VALUES (@Id, @File, @OriginalName, @TitleZh, @TitleEn, @PublicationZh, @PublicationEn, @Byline,
                @Date, @DatePrecision, @DateInferred, @DateBasis, @Url, @Sha256, @Text, @Normalized)
        """;

    public static object Columns(Data.Seeding.SourceDocument s) => new
    {
        s.Manifest.Id, s.Manifest.File, s.Manifest.OriginalName, s.Manifest.TitleZh, s.Manifest.TitleEn, s.Manifest.PublicationZh, s.Manifest.PublicationEn,
        s.Manifest.Byline, s.Manifest.Date, s.Manifest.DatePrecision, s.Manifest.DateInferred, s.Manifest.DateBasis, s.Manifest.Url, s.Sha256, s.Text, s.Normalized,
    };

    public static void Insert(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Data.Seeding.SourceDocument source) =>
        c.Execute(InsertSql, Columns(source), tx);

    public static SourceRow? ById(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string id) =>
        c.QuerySingleOrDefault<SourceRow>(ByIdSql, new { Id = id }, tx);

    public sealed class TextRow
    {
        public string Normalized { get; init; } = "";
        public string Original { get; init; } = "";
    }

    public async Task<IReadOnlyList<SourceRow>> ListAsync()
    {
        using var connection = db.OpenRead();
        return await CountedAsync((await connection.QueryAsync<SourceRow>(ListSql)).AsList());
    }

    public async Task<SourceRow?> ByIdAsync(string id)
    {
        using var connection = db.OpenRead();
        var row = await connection.QuerySingleOrDefaultAsync<SourceRow>(ReadByIdSql, new { Id = id });
        return row is null ? null : (await CountedAsync([row]))[0];
    }

    public async Task<TextRow?> TextAsync(string id)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<TextRow>(TextSql, new { Id = id });
    }

    public Task<IReadOnlyDictionary<string, SourceRefRow>> RefsAsync(IEnumerable<string> ids)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Refs(connection, null, ids));
    }

    public static IReadOnlyDictionary<string, SourceRefRow> Refs(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<string> ids) =>
        c.Query<SourceRefRow>(RefsSql, new { Ids = SqlList.Of(ids.Distinct()) }, tx).ToDictionary(r => r.Id);
}
