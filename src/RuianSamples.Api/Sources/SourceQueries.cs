using Dapper;
using RuianSamples.Api.Data;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Sources;

/// <summary>The only place source SQL lives.</summary>
public sealed class SourceQueries(CatalogDb db)
{
    private const string RefsSql = """
        SELECT id, title_zh, title_en, publication_zh, date, date_inferred FROM sources
        WHERE id IN (SELECT value FROM json_each(@Ids)) ORDER BY id
        """;

    public async Task<IReadOnlyDictionary<string, SourceRefRow>> RefsAsync(IEnumerable<string> ids)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<SourceRefRow>(RefsSql, new { Ids = Json.Array(ids) })).ToDictionary(r => r.Id);
    }
}
