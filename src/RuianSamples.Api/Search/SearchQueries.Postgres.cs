using RuianSamples.Api.Data;

namespace RuianSamples.Api.Search;

/// <summary>
/// PostgreSQL's variants of the search SQL that differs (the rest of SearchQueries runs on both):
/// the match is search_fts's tsvectors instead of FTS5's MATCH (see <see cref="PostgresMatch"/>),
/// ts_rank instead of bm25, ts_headline instead of highlight, and JSON lists read with
/// json_array_elements_text instead of json_each. {where}, {rank} and {english} are filled with the
/// compiled match, whose tokens are parameters.
/// </summary>
public sealed partial class SearchQueries
{
    private static class Postgres
    {
        public const string Filter = """
               AND (@ThemeTag IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag = @ThemeTag))
               AND (@RegionFrom IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag >= @RegionFrom AND tag < @RegionTo)
                    OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag IN (SELECT json_array_elements_text(CAST(@RegionAlso AS json)))))
               AND (@SampleTag IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag = @SampleTag))
               AND (@YearTag IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag = @YearTag))
            """;

        private const string Rank = "CAST({rank} AS double precision)";

        public const string Match = """
            WITH hits AS (
                SELECT search_fts.rowid AS Id,
                       
            """ + Rank + " * " + TypePrior + """
                                       * CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key = @TitleKey) THEN 3.0 ELSE 1.0 END AS Rank
                FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                WHERE {where}
                   AND (@TypesJson IS NULL OR d.type IN (SELECT json_array_elements_text(CAST(@TypesJson AS json))))
            """ + Filter + """
            )
            SELECT Id, Rank FROM hits
            WHERE CAST(@AfterRank AS double precision) IS NULL OR Rank > @AfterRank OR (Rank = @AfterRank AND Id > @AfterId)
            ORDER BY Rank, Id
            LIMIT @Limit
            """;

        public const string SubjectMatch = """
            SELECT search_fts.rowid AS Id, d.subject AS Subject, d.evidence AS Evidence,
            """ + Rank + " * " + TypePrior + """
                       AS Rank,
                   CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key = @TitleKey) THEN 1 ELSE 0 END AS NameMatch
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE {where}
            """ + Filter;

        public const string Subjects = """
            SELECT subject AS Ref, type AS Type, key AS Key, title_zh AS TitleZh, title_en AS TitleEn, url AS Url
            FROM search_docs WHERE evidence = 0 AND subject IN (SELECT json_array_elements_text(CAST(@Refs AS json)))
            UNION ALL
            SELECT 'source:' || id, 'source', id, title_zh, title_en, '/api/v1/sources/' || id
            FROM sources WHERE 'source:' || id IN (SELECT json_array_elements_text(CAST(@Refs AS json)))
            """;

        // ts_headline with HighlightAll marks every matching word of the whole text with U+E000/U+E001, as highlight() does.
        private const string Marks = "'StartSel=' || chr(57344) || ', StopSel=' || chr(57345) || ', HighlightAll=true'";

        public const string Docs = """
            SELECT d.id AS Id, d.type AS Type, d.key AS Key, d.title_zh AS TitleZh, d.title_en AS TitleEn, d.url AS Url, d.text_zh AS TextZh, d.detail AS Detail,
                   coalesce(ts_headline('english', search_fts.en_title, {english}, 
            """ + Marks + "), search_fts.en_title) AS TitleEnMarked, coalesce(ts_headline('english', search_fts.en_body, {english}, " + Marks + """
            ), search_fts.en_body) AS TextEnMarked
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE search_fts.rowid IN (SELECT CAST(json_array_elements_text(CAST(@Ids AS json)) AS bigint))
            """;

        public const string Facets = """
            SELECT d.type AS Type, count(*) AS Count
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE {where}
            """ + Filter + """
            GROUP BY d.type
            """;

        public const string Passages = """
            SELECT key AS Key, text_zh AS Text, url AS Url FROM search_docs
            WHERE type = 'passage' AND key IN (SELECT json_array_elements_text(CAST(@Keys AS json)))
            """;

        public const string Suggest = """
            SELECT d.type AS Type, d.key AS Id, d.title_zh AS TitleZh, d.title_en AS TitleEn, d.url AS Url
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE {where} AND d.type IN ('sample', 'reform', 'region')
            ORDER BY CASE d.type WHEN 'sample' THEN 0 WHEN 'region' THEN 1 ELSE 2 END, length(d.title_zh), d.id
            LIMIT @Limit
            """;

        public const string MatchesAny = "SELECT CASE WHEN EXISTS (SELECT 1 FROM search_fts WHERE {where}) THEN 1 ELSE 0 END";
    }

    /// <summary>The statement and arguments for this engine: SQLite's as written, or PostgreSQL's with the match compiled into it.</summary>
    private (string Sql, object Arguments) ForEngine(string sqlite, string postgres, string? match, object arguments)
    {
        if (db.Engine == CatalogEngine.Sqlite) return (sqlite, arguments);
        var parameters = new Dapper.DynamicParameters(arguments);
        if (match is null) return (postgres, parameters);
        var compiled = PostgresMatch.Compile(match);
        parameters.AddDynamicParams(compiled.Parameters);
        return (postgres.Replace("{where}", compiled.Where, StringComparison.Ordinal)
            .Replace("{rank}", compiled.Rank, StringComparison.Ordinal)
            .Replace("{english}", compiled.EnglishQuery, StringComparison.Ordinal), parameters);
    }
}
