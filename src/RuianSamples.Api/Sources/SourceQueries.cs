using Dapper;
using RuianSamples.Api.Data;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Sources;

/// <summary>The only place source SQL lives.</summary>
public sealed class SourceQueries(CatalogDb db)
{
    private const string RefsSql = """
        SELECT id, title_zh, title_en, publication_zh, publication_en, byline, date, date_inferred, url FROM sources
        WHERE id IN (SELECT value FROM json_each(@Ids)) ORDER BY id
        """;

    private const string Select = """
        SELECT s.id, s.file, s.original_name, s.title_zh, s.title_en, s.publication_zh, s.publication_en, s.byline, s.date, s.date_precision,
               s.date_inferred, s.date_basis, s.url, s.sha256, length(s.text_normalized) AS length,
               (SELECT count(*) FROM figures f WHERE f.source_id = s.id) AS figure_count,
               (SELECT count(*) FROM reforms r WHERE r.source_id = s.id) AS reform_count,
               (SELECT count(*) FROM milestones m WHERE m.source_id = s.id) AS milestone_count,
               (SELECT count(*) FROM honors h WHERE h.source_id = s.id) AS honor_count
        FROM sources s
        """;

    private const string ListSql = Select + " ORDER BY s.original_name";
    private const string ByIdSql = Select + " WHERE s.id = @Id";
    private const string TextSql = "SELECT text_normalized AS normalized, text AS original FROM sources WHERE id = @Id";

    public sealed class TextRow
    {
        public string Normalized { get; init; } = "";
        public string Original { get; init; } = "";
    }

    public async Task<IReadOnlyList<SourceRow>> ListAsync()
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<SourceRow>(ListSql)).AsList();
    }

    public async Task<SourceRow?> ByIdAsync(string id)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<SourceRow>(ByIdSql, new { Id = id });
    }

    public async Task<TextRow?> TextAsync(string id)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<TextRow>(TextSql, new { Id = id });
    }

    public async Task<IReadOnlyDictionary<string, SourceRefRow>> RefsAsync(IEnumerable<string> ids)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<SourceRefRow>(RefsSql, new { Ids = Json.Array(ids) })).ToDictionary(r => r.Id);
    }
}
