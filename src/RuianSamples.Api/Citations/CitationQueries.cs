using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Citations;

/// <summary>The only place citation SQL lives: one record of each citable type with its source's manifest.</summary>
public sealed class CitationQueries(CatalogDb db, Figures.FigureQueries figures, Versions.ReformsAtVersion reforms)
{
    private const string SourceColumns = """
        s.id AS source_id, s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.publication_zh AS source_publication_zh,
        s.publication_en AS source_publication_en, s.byline AS source_byline, s.date AS source_date, s.date_inferred AS source_date_inferred,
        s.url AS source_url
        """;

    private const string FigureSql = $"""
        SELECT f.key, f.indicator_zh AS label_zh, f.indicator_en AS label_en, f.quote, {SourceColumns},
            f.retracted_at, f.retracted_by, f.retraction_comment
        FROM figures f JOIN sources s ON s.id = f.source_id WHERE f.key = @Key
        """;

    // A sample is found by number or slug, as in REST; its key is the number.
    private const string SampleSql = $"""
        SELECT CAST(x.number AS TEXT) AS key, x.title_zh AS label_zh, x.title_en AS label_en, NULL AS quote, {SourceColumns}
        FROM samples x JOIN sources s ON s.id = x.source_id WHERE CAST(x.number AS TEXT) = @Key OR x.slug = @Key
        """;

    private const string ReformSql = $"""
        SELECT r.slug AS key, r.name_zh AS label_zh, r.name_en AS label_en, NULL AS quote, {SourceColumns}
        FROM reforms r JOIN sources s ON s.id = r.source_id WHERE r.slug = @Key
        """;

    private const string SourceSql = $"""
        SELECT s.id AS key, s.title_zh AS label_zh, s.title_en AS label_en, NULL AS quote, {SourceColumns}
        FROM sources s WHERE s.id = @Key
        """;

    public sealed class Row
    {
        public string Key { get; init; } = "";
        public string LabelZh { get; init; } = "";
        public string LabelEn { get; init; } = "";
        public string? Quote { get; init; }
        public string SourceId { get; init; } = "";
        public string SourceTitleZh { get; init; } = "";
        public string SourceTitleEn { get; init; } = "";
        public string? SourcePublicationZh { get; init; }
        public string? SourcePublicationEn { get; init; }
        public string? SourceByline { get; init; }
        public string SourceDate { get; init; } = "";
        public bool SourceDateInferred { get; init; }
        public string? SourceUrl { get; init; }
        public string? RetractedAt { get; init; }
        public string? RetractedBy { get; init; }
        public string? RetractionComment { get; init; }

        public CitedRecord ToRecord(string type) => new(type, Key, new Label(LabelZh, LabelEn), Quote,
            new CitedSource(SourceId, SourceTitleZh, SourceTitleEn, SourcePublicationZh, SourcePublicationEn, SourceByline, SourceDate, SourceDateInferred, SourceUrl),
            CitedRetraction.Of(RetractedAt, RetractedBy, RetractionComment));
    }

    /// <summary>
    /// The record as it was at the pinned version: a figure rebuilt from its revisions; a reform with
    /// its name and source as they were; a sample or source as it is (partners do not correct them),
    /// unless it was created after the version (null).
    /// </summary>
    public async Task<CitedRecord?> FindAsync(string type, string key, Versions.VersionPin? pin)
    {
        if (pin is null) return await FindAsync(type, key);
        if (type == "figure")
            return await figures.ByKeyAsync(key, pin) is { } row
                ? new CitedRecord(type, row.Key, new Label(row.IndicatorZh, row.IndicatorEn), row.Quote, row.CitedSource(),
                    CitedRetraction.Of(row.RetractedAt, row.RetractedBy, row.RetractionComment))
                : null;
        var record = await FindAsync(type, key);
        if (record is null || pin.After(type, record.Key).Any(r => r.Action == "create")) return null;
        if (type == Versions.ReformsAtVersion.Type && pin.After(type, record.Key).Count > 0)
        {
            var (name, sourceId) = reforms.CitedAsOf(record.Key, record.Label, record.Source.Id, pin)!.Value;
            var source = sourceId == record.Source.Id ? record.Source : (await FindAsync("source", sourceId))!.Source;
            return record with { Label = name, Source = source };
        }
        pin.RequireUnchanged(type, record.Key);
        return record;
    }

    public async Task<CitedRecord?> FindAsync(string type, string key)
    {
        var sql = type switch
        {
            "figure" => FigureSql,
            "sample" => SampleSql,
            "reform" => ReformSql,
            "source" => SourceSql,
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a citable type"),
        };
        using var connection = db.OpenRead();
        return (await connection.QuerySingleOrDefaultAsync<Row>(sql, new { Key = key }))?.ToRecord(type);
    }
}
