using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Catalog;

/// <summary>The only place SQL about the dataset as a whole lives.</summary>
public sealed class CatalogQueries(CatalogDb db)
{
    private const string MetaSql = """
        SELECT (SELECT value FROM dataset_meta WHERE key = 'version') AS version,
               (SELECT value FROM dataset_meta WHERE key = 'imported_at') AS imported_at,
               (SELECT count(*) FROM samples) AS samples, (SELECT count(*) FROM reforms) AS reforms,
               (SELECT count(*) FROM regions) AS regions, (SELECT count(*) FROM themes) AS themes,
               (SELECT count(*) FROM figures WHERE retracted_at IS NULL) AS figures, (SELECT count(*) FROM milestones) AS milestones,
               (SELECT count(*) FROM honors) AS honors, (SELECT count(*) FROM sources) AS sources
        """;

    public sealed class MetaRow
    {
        public string Version { get; init; } = "";
        public string ImportedAt { get; init; } = "";
        public long Samples { get; init; }
        public long Reforms { get; init; }
        public long Regions { get; init; }
        public long Themes { get; init; }
        public long Figures { get; init; }
        public long Milestones { get; init; }
        public long Honors { get; init; }
        public long Sources { get; init; }
    }

    private const string FigureYearsSql = "SELECT min(year) AS \"from\", max(year) AS \"to\" FROM figures";

    public sealed class YearsRow
    {
        public int? From { get; init; }
        public int? To { get; init; }
    }

    /// <summary>The years the figures refer to (the dataset's temporal coverage).</summary>
    public async Task<YearsRow> FigureYearsAsync()
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleAsync<YearsRow>(FigureYearsSql);
    }

    public async Task<MetaRow> MetaAsync()
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleAsync<MetaRow>(MetaSql);
    }
}
