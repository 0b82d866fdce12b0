using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Catalog;

/// <summary>
/// The only place SQL about the dataset as a whole lives. Its answers are functions of the dataset version, so each is
/// read once per version (<see cref="VersionedCache"/>): at 10^5 records counting the live figures scans the table
/// (10–13 ms), and the home page, the API index, the Dataset's JSON-LD and the exports' metadata asked on every request.
/// </summary>
public sealed class CatalogQueries(CatalogDb db, VersionedCache cache)
{
    // last_updated: when the current version was made, the time of the partner write that made it (its revisions carry the
    // version), else of the import that stands. The import time alone stayed put while partners corrected the data.
    private const string MetaSql = """
        SELECT (SELECT value FROM dataset_meta WHERE key = 'version') AS version,
               COALESCE((SELECT max(r.created_at) FROM revisions r WHERE r.dataset_version = (SELECT value FROM dataset_meta WHERE key = 'version')),
                        (SELECT value FROM dataset_meta WHERE key = 'imported_at')) AS last_updated,
               (SELECT count(*) FROM samples) AS samples, (SELECT count(*) FROM reforms) AS reforms,
               (SELECT count(*) FROM regions) AS regions, (SELECT count(*) FROM themes) AS themes,
               (SELECT count(*) FROM figures WHERE retracted_at IS NULL) AS figures, (SELECT count(*) FROM milestones) AS milestones,
               (SELECT count(*) FROM honors) AS honors, (SELECT count(*) FROM sources) AS sources
        """;

    public sealed class MetaRow
    {
        public string Version { get; init; } = "";
        /// <summary>When the current dataset version was made (UTC): the partner write's time, or the standing import's.</summary>
        public string LastUpdated { get; init; } = "";
        public long Samples { get; init; }
        public long Reforms { get; init; }
        public long Regions { get; init; }
        public long Themes { get; init; }
        public long Figures { get; init; }
        public long Milestones { get; init; }
        public long Honors { get; init; }
        public long Sources { get; init; }
    }

    // Two subqueries, so each walks the year index from one end (a single SELECT of min and max together scans it) and
    // stops at the first figure in force: a retracted figure's year is no longer the dataset's coverage.
    private const string FigureYearsSql = """
        SELECT (SELECT year FROM figures WHERE year IS NOT NULL AND retracted_at IS NULL ORDER BY year LIMIT 1) AS "from",
               (SELECT year FROM figures WHERE year IS NOT NULL AND retracted_at IS NULL ORDER BY year DESC LIMIT 1) AS "to"
        """;

    public sealed class YearsRow
    {
        public int? From { get; init; }
        public int? To { get; init; }
    }

    /// <summary>The years the figures refer to (the dataset's temporal coverage).</summary>
    public Task<YearsRow> FigureYearsAsync() =>
        cache.GetOrAddAsync("catalog-figure-years", async () =>
        {
            using var connection = db.OpenRead();
            return await connection.QuerySingleAsync<YearsRow>(FigureYearsSql);
        });

    public Task<MetaRow> MetaAsync() =>
        cache.GetOrAddAsync("catalog-meta", async () =>
        {
            using var connection = db.OpenRead();
            return await connection.QuerySingleAsync<MetaRow>(MetaSql);
        });
}
