using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Figures;

/// <summary>The only place figure SQL lives.</summary>
public sealed class FigureQueries(CatalogDb db)
{
    private const string Select = """
        SELECT f.id, f.key, f.subject_type, f.subject_key, f.sample_number, f.reform_id, f.region_slug,
               g.name_zh AS region_name_zh, g.name_en AS region_name_en, f.indicator_zh, f.indicator_en,
               f.value, f.value_text, f.unit, f.base_value, f.base_unit, f.qualifier, f.qualifier_text, f.period, f.year,
               f.period_inferred, f.period_basis, f.baseline_value, f.baseline_value_text, f.baseline_unit, f.baseline_period,
               f.kind, f.source_id, f.quote, f.quote_offset,
               s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.publication_zh AS source_publication_zh,
               s.publication_en AS source_publication_en, s.byline AS source_byline, s.date AS source_date,
               s.date_inferred AS source_date_inferred
        FROM figures f
        JOIN sources s ON s.id = f.source_id
        JOIN regions g ON g.slug = f.region_slug
        """;

    private const string BySamplesSql = Select + " WHERE f.sample_number IN (SELECT value FROM json_each(@Numbers)) ORDER BY f.id";
    private const string ByReformsSql = Select + " WHERE f.reform_id IN (SELECT value FROM json_each(@Ids)) ORDER BY f.id";
    private const string ByKeySql = Select + " WHERE f.key = @Key";

    public async Task<ILookup<int, FigureRow>> BySamplesAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        var rows = await connection.QueryAsync<FigureRow>(BySamplesSql, new { Numbers = Json.Array(numbers) });
        return rows.ToLookup(r => (int)r.SampleNumber!.Value);
    }

    public async Task<ILookup<long, FigureRow>> ByReformsAsync(IEnumerable<long> ids)
    {
        using var connection = db.OpenRead();
        var rows = await connection.QueryAsync<FigureRow>(ByReformsSql, new { Ids = Json.Array(ids) });
        return rows.ToLookup(r => r.ReformId!.Value);
    }

    public async Task<FigureRow?> ByKeyAsync(string key)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<FigureRow>(ByKeySql, new { Key = key });
    }
}
