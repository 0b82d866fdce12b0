using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Search;

/// <summary>
/// PostgreSQL's variants of the search SQL that differs (the rest of SearchQueries runs on both):
/// the match is search_fts's tsvectors instead of FTS5's MATCH, and the rank FTS5's bm25() computed
/// over FTS5's own tokens (see <see cref="PostgresMatch"/>), and JSON lists read with json_array_elements_text instead of json_each. {where}, {frequencies} and {rank}
/// are filled with the compiled match, whose tokens are parameters. The matches' term
/// frequencies are computed once per row in a materialised step, then combined into the rank.
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

        // As SQLite's MatchSql: bm25 times the type prior times 3 for an exact name, multiplied in that order.
        public const string Match = """
            WITH matched AS MATERIALIZED (
                SELECT search_fts.rowid AS id, d.type,
                       CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key = @TitleKey) THEN 3.0::float8 ELSE 1.0::float8 END AS name_factor,
                       CAST(search_fts.token_count AS double precision) AS dl{frequencies}
                FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                WHERE {where}
                   AND (@TypesJson IS NULL OR d.type IN (SELECT json_array_elements_text(CAST(@TypesJson AS json))))
            """ + Filter + """
            ), hits AS (
                SELECT d.id AS Id, {rank} *
            """ + TypePrior + """
                                       * d.name_factor AS Rank
                FROM matched d
            )
            SELECT Id, Rank FROM hits
            WHERE CAST(@AfterRank AS double precision) IS NULL OR Rank > @AfterRank OR (Rank = @AfterRank AND Id > @AfterId)
            ORDER BY Rank, Id
            LIMIT @Limit
            """;

        public const string SubjectMatch = """
            WITH matched AS MATERIALIZED (
                SELECT search_fts.rowid AS id, d.type, d.subject, d.evidence,
                       CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key = @TitleKey) THEN 1 ELSE 0 END AS name_match,
                       CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key IN @ValueKeys) THEN 1 ELSE 0 END AS value_match,
                       CAST(search_fts.token_count AS double precision) AS dl{frequencies}
                FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
                WHERE {where}
            """ + Filter + """
            )
            SELECT d.id AS Id, d.subject AS Subject, d.evidence AS Evidence, {rank} *
            """ + TypePrior + """
                       AS Rank, d.name_match AS NameMatch, d.value_match AS ValueMatch, d.type AS Type
            FROM matched d
            """;


        public const string Facets = """
            SELECT d.type AS Type, count(*) AS Count
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE {where}
            """ + Filter + """
            GROUP BY d.type
            """;

        // As SQLite's SuggestSql: search_suggest under search_fts's name, as the compiled match names its vectors.
        public const string Suggest = """
            SELECT d.type AS Type, d.key AS Id, d.title_zh AS TitleZh, d.title_en AS TitleEn, d.url AS Url
            FROM search_suggest search_fts JOIN search_docs d ON d.id = search_fts.rowid % 4294967296
            WHERE {where}
            ORDER BY search_fts.rowid
            LIMIT @Limit
            """;

        public const string ClearSuggest = "DELETE FROM search_suggest;";

        // As SQLite's WriteSuggestSql: the titles' tokens are the weight A positions of search_fts's vectors.
        public const string WriteSuggest = $$"""
            INSERT INTO search_suggest (rowid, zh_bi, zh_uni, en)
            SELECT {{SuggestKey}}, ts_filter(f.zh_bi, '{a}'), ts_filter(f.zh_uni, '{a}'), ts_filter(f.en, '{a}')
            FROM search_docs d JOIN search_fts f ON f.rowid = d.id
            WHERE d.id BETWEEN @From AND @To AND d.type IN ('sample', 'reform', 'region')
            """;

        public const string MatchesAny = "SELECT CASE WHEN EXISTS (SELECT 1 FROM search_fts WHERE {where}) THEN 1 ELSE 0 END";

        // ---- The index (0009_search_bm25.sql): FTS5's tokens, their tsvectors, and the totals BM25 reads.

        public const string ClearStats = "UPDATE search_stats SET docs = 0, tokens = 0;";

        // Before a record's rows go: their documents and tokens leave the totals.
        public const string SubtractStats = """
            UPDATE search_stats SET docs = search_stats.docs - gone.rows, tokens = search_stats.tokens - gone.token_count
            FROM (SELECT count(*) AS rows, coalesce(sum(token_count), 0) AS token_count FROM search_fts
                  WHERE rowid IN (SELECT id FROM search_docs WHERE (type = @Type AND key = @Key) OR (type = 'passage' AND key LIKE @Passages))) gone;
            """;

        private const string InsertFts = """
            INSERT INTO search_fts (rowid, zh_title_bi, zh_title_uni, zh_body_bi, zh_body_uni, en_title, en_body, zh_bi, zh_uni, en,
                                    zh_title_bi_tokens, zh_title_uni_tokens, zh_body_bi_tokens, zh_body_uni_tokens, en_title_tokens, en_body_tokens, token_count)
            VALUES (@Id, @ZhTitleBi, @ZhTitleUni, @ZhBodyBi, @ZhBodyUni, @EnTitle, @EnBody, CAST(@ZhBi AS tsvector), CAST(@ZhUni AS tsvector), CAST(@En AS tsvector),
                    @ZhTitleBiTokens, @ZhTitleUniTokens, @ZhBodyBiTokens, @ZhBodyUniTokens, @EnTitleTokens, @EnBodyTokens, @TokenCount)
            """;

        /// <summary>search_fts's rows for <paramref name="docs"/> from FTS5's tokens of their six texts, and the totals grown by them.</summary>
        public static void WriteFts(DbConnection connection, DbTransaction tx, IReadOnlyList<DocOut> docs, string[][][] tokens)
        {
            var rows = docs.Select((d, i) =>
            {
                var t = tokens[i];
                return new
                {
                    d.Id, d.ZhTitleBi, d.ZhTitleUni, d.ZhBodyBi, d.ZhBodyUni, d.EnTitle, EnBody = d.TextEn,
                    ZhBi = Vector(t[0], t[2]), ZhUni = Vector(t[1], t[3]), En = Vector(t[4], t[5]),
                    ZhTitleBiTokens = PostgresMatch.Stream(t[0]), ZhTitleUniTokens = PostgresMatch.Stream(t[1]),
                    ZhBodyBiTokens = PostgresMatch.Stream(t[2]), ZhBodyUniTokens = PostgresMatch.Stream(t[3]),
                    EnTitleTokens = PostgresMatch.Stream(t[4]), EnBodyTokens = PostgresMatch.Stream(t[5]),
                    TokenCount = (long)t.Sum(c => c.Length),
                };
            }).ToList();
            connection.Execute(InsertFts, rows, tx);
            connection.Execute("UPDATE search_stats SET docs = docs + @Docs, tokens = tokens + @Tokens",
                new { Docs = (long)rows.Count, Tokens = rows.Sum(r => r.TokenCount) }, tx);
        }

        // PostgreSQL keeps positions up to 16383; our texts are far shorter (a passage is 160 characters).
        private const int MaxPosition = 16383;

        /// <summary>
        /// A tsvector literal of a title's and a body's tokens as given (no parser, no stemmer): title positions from 1
        /// with weight A, body positions (weight D) after a gap of one, so that no phrase matches across the two.
        /// </summary>
        private static string Vector(string[] title, string[] body)
        {
            var literal = new StringBuilder();
            void Add(string token, int position, string weight)
            {
                if (literal.Length > 0) literal.Append(' ');
                literal.Append('\'').Append(token.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "''", StringComparison.Ordinal)).Append("':")
                    .Append(Math.Min(position, MaxPosition).ToString(CultureInfo.InvariantCulture)).Append(weight);
            }
            for (var i = 0; i < title.Length; i++) Add(title[i], i + 1, "A");
            for (var i = 0; i < body.Length; i++) Add(body[i], title.Length + 2 + i, "");
            return literal.ToString();
        }
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
            .Replace("{frequencies}", compiled.Frequencies, StringComparison.Ordinal)
            .Replace("{rank}", compiled.Rank, StringComparison.Ordinal), parameters);
    }
}
