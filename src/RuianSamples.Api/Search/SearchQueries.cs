using System.Data;
using System.Data.Common;
using System.Text;
using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Search;

/// <summary>
/// The only place search SQL lives: the ranked match, highlights, facets, and the index build.
/// The MATCH expression is built by <see cref="SearchService"/> from analysed tokens only, never
/// from the user's characters, and is always bound as a parameter.
/// </summary>
public sealed partial class SearchQueries(CatalogDb db, VersionedCache cache)
{
    /// <summary>Filters as tags (see 0002_search.sql); null means no filter.</summary>
    /// <summary>RegionAlso: region tags also accepted (the places containing a place read from the query), as a JSON array.</summary>
    public sealed record Filter(string? TypesJson, string? ThemeTag, string? RegionFrom, string? RegionTo, string? SampleTag, string? YearTag, string? RegionAlso = null);

    // Shared by the ranked match and the facets. Each filter is one indexed range of search_doc_tags.
    private const string FilterSql = """
           AND (@ThemeTag IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag = @ThemeTag))
           AND (@RegionFrom IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag >= @RegionFrom AND tag < @RegionTo)
                OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag IN (SELECT value FROM json_each(@RegionAlso))))
           AND (@SampleTag IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag = @SampleTag))
           AND (@YearTag IS NULL OR search_fts.rowid IN (SELECT doc_id FROM search_doc_tags WHERE tag = @YearTag))
        """;

    private const string TypePrior = """
        CASE d.type WHEN 'sample' THEN 2.0 WHEN 'reform' THEN 1.8 WHEN 'region' THEN 1.5
                    WHEN 'milestone' THEN 1.2 WHEN 'honor' THEN 1.2 WHEN 'figure' THEN 1.0 ELSE 0.5 END
        """;

    /// <summary>
    /// BM25 with the column weights search_fts's rank is configured with (0002_search.sql; lower is better), called by
    /// name: FTS5 evaluates a configured rank's arguments by preparing a statement of them on every query that reads
    /// it (4–8 µs of SQL parsing per MATCH).
    /// </summary>
    internal const string Bm25 = "bm25(search_fts, 10.0, 10.0, 1.0, 1.0, 10.0, 1.0)";

    // BM25 times a prior per type: the records a reader looks for (samples, reforms, places) before the figures,
    // events and raw passages that mention the term. Without it short figure labels (城市书房总藏书) outrank the reform.
    private const string MatchSql = """
        WITH hits AS (
            SELECT search_fts.rowid AS Id,
        """ + Bm25 + " *\n" + TypePrior + """
                                   * CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key = @TitleKey) THEN 3.0 ELSE 1.0 END AS Rank
            FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
            WHERE search_fts MATCH @Match
               AND (@TypesJson IS NULL OR d.type IN (SELECT value FROM json_each(@TypesJson)))
        """ + FilterSql + """
        )
        SELECT Id, Rank FROM hits
        WHERE @AfterRank IS NULL OR Rank > @AfterRank OR (Rank = @AfterRank AND Id > @AfterId)
        ORDER BY Rank, Id
        LIMIT @Limit
        """;

    // Every match with what grouping by subject needs; read from the covering index (id, type, evidence, subject),
    // never from the rows that hold the texts.
    private const string SubjectMatchSql = """
        SELECT search_fts.rowid AS Id, d.subject AS Subject, d.evidence AS Evidence,
        """ + Bm25 + " *\n" + TypePrior + """
                   AS Rank,
               CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key = @TitleKey) THEN 1 ELSE 0 END AS NameMatch,
               CASE WHEN d.id IN (SELECT doc_id FROM search_title_keys WHERE key IN @ValueKeys) THEN 1 ELSE 0 END AS ValueMatch,
               d.type AS Type
        FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
        WHERE search_fts MATCH @Match
        """ + FilterSql;

    // A page in one statement: its rows by id (Chinese matches are found by the service in the text as written, so a
    // query without Latin words needs nothing from the full-text index here), then the records that its evidence-only
    // hits stand for (their own index rows, or the source for a passage). Only the parts with ids are sent. Columns are
    // read by position (ReadPageRow): 0-8 the row, 9-11 its English text and spans, 12-17 its index texts (only in the
    // statement that reads them). The lists of ids are one JSON parameter each ({ids}, {refs}, {sources}: the engine's
    // reading of a JSON array), so a page of any size is one statement text, prepared once per connection; Dapper's
    // expansion wrote a parameter per id and made each count a statement of its own.
    private const string PageDocColumns = "d.id, d.type, d.key, d.title_zh, d.title_en, d.url, d.text_zh, d.detail, '', ";

    // The English columns and index texts a part of the page statement does not read (UNION ALL takes the same columns
    // from every part).
    private const string NoEnglish = "'', NULL, NULL";
    private const string NoIndexTexts = ", '', '', '', '', '', ''";

    private const string PageDocsSql = "SELECT " + PageDocColumns + NoEnglish + """

        FROM search_docs d WHERE d.id IN {ids}
        """;

    // With a query's Latin words, the page's rows come with their English text and where its tokens stand (stored by the
    // index build), and EnglishMarks marks them as highlight() would, at a cost that depends on the page only. Marking in
    // the catalog's own index needed the row's MATCH, and FTS5 found the row by reading each term's list of matches from
    // its start, a cost that grew with the catalog.
    private const string PageDocsSpansSql = "SELECT " + PageDocColumns + """
        d.text_en, d.en_title_spans, d.en_body_spans
        FROM search_docs d WHERE d.id IN {ids}
        """;

    // A row's index texts (search_fts's columns on both engines, alias f), for FTS5's highlight() in memory (Fts5Text.Mark).
    private const string IndexTextColumns = """
        COALESCE(f.zh_title_bi, ''), COALESCE(f.zh_title_uni, ''), COALESCE(f.zh_body_bi, ''),
        COALESCE(f.zh_body_uni, ''), COALESCE(f.en_title, ''), COALESCE(f.en_body, '')
        """;

    // A query EnglishMarks cannot mark: the rows come with their index texts.
    private const string PageDocsIndexTextsSql = "SELECT " + PageDocColumns + "d.text_en, NULL, NULL, " + IndexTextColumns + """

        FROM search_docs d LEFT JOIN search_fts f ON f.rowid = d.id WHERE d.id IN {ids}
        """;

    // Rows stored without spans (EnglishMarks.Spans could not read their tokens' places): their index texts, to be marked in memory.
    private const string IndexTextsSql = """
        SELECT f.rowid AS Id, COALESCE(f.zh_title_bi, '') AS ZhTitleBi, COALESCE(f.zh_title_uni, '') AS ZhTitleUni,
               COALESCE(f.zh_body_bi, '') AS ZhBodyBi, COALESCE(f.zh_body_uni, '') AS ZhBodyUni, COALESCE(f.en_title, '') AS EnTitle,
               COALESCE(f.en_body, '') AS EnBody
        FROM search_fts f WHERE f.rowid IN @Ids
        """;

    private const string PageSubjectsSql = """
        SELECT 0, type, key, title_zh, title_en, url, '', '', subject,
        """ + NoEnglish + "{wide}" + """

        FROM search_docs WHERE evidence = 0 AND subject IN {refs}
        """;

    private const string PageSourcesSql = """
        SELECT 0, 'source', id, title_zh, title_en, '/api/v1/sources/' || id, '', '', 'source:' || id,
        """ + NoEnglish + "{wide}" + """

        FROM sources WHERE id IN {sources}
        """;

    /// <summary>The parts of the page statement for one engine, its JSON lists read as that engine reads them.</summary>
    private sealed record PageStatements(string Docs, string DocsSpans, string DocsIndexTexts, string Subjects, string SubjectsWide, string Sources, string SourcesWide)
    {
        public static PageStatements For(string ids, string texts)
        {
            static string Fill(string sql, string ids, string texts, string wide) => sql.Replace("{ids}", ids, StringComparison.Ordinal)
                .Replace("{refs}", texts.Replace("@List", "@Refs", StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace("{sources}", texts.Replace("@List", "@SourceIds", StringComparison.Ordinal), StringComparison.Ordinal)
                .Replace("{wide}", wide, StringComparison.Ordinal);
            return new(Fill(PageDocsSql, ids, texts, ""), Fill(PageDocsSpansSql, ids, texts, ""), Fill(PageDocsIndexTextsSql, ids, texts, ""),
                Fill(PageSubjectsSql, ids, texts, ""), Fill(PageSubjectsSql, ids, texts, NoIndexTexts),
                Fill(PageSourcesSql, ids, texts, ""), Fill(PageSourcesSql, ids, texts, NoIndexTexts));
        }
    }

    private static readonly PageStatements SqlitePage = PageStatements.For("(SELECT value FROM json_each(@Ids))", "(SELECT value FROM json_each(@List))");

    private static readonly PageStatements PostgresPage = PageStatements.For(
        "(SELECT CAST(json_array_elements_text(CAST(@Ids AS json)) AS bigint))", "(SELECT json_array_elements_text(CAST(@List AS json)))");

    // SQLite: a page row's texts as one value, its fields apart by U+001F, a NULL spans value as U+001E (PackedRow),
    // read in place through the connection's raw statement (RawStatement). Microsoft.Data.Sqlite makes four calls into
    // SQLite for every text it reads (the row count, the type, the text and its length) and copies each into a string:
    // at 10^5 records an English page's reading of its rows was a seventh of its CPU and a third of what it allocated,
    // the stored spans included, which are only searched. Now a row is two calls, its texts are decoded once from
    // SQLite's own buffer, and its spans are searched there. A row whose texts hold U+001F themselves does not unpack to
    // its eleven fields, and that page is read again column by column (the statements above, as PostgreSQL reads it).
    private const byte PackedSeparator = 0x1f;
    private const byte PackedNull = 0x1e;
    private const int PackedFields = 11;

    private const string PackedDocsSql = """
        SELECT d.id, concat_ws(char(31), d.type, d.key, d.title_zh, d.title_en, d.url, d.text_zh, d.detail, '', '', char(30), char(30))
        FROM search_docs d WHERE d.id IN (SELECT value FROM json_each(@Ids))
        """;

    private const string PackedDocsSpansSql = """
        SELECT d.id, concat_ws(char(31), d.type, d.key, d.title_zh, d.title_en, d.url, d.text_zh, d.detail, '', d.text_en,
               COALESCE(d.en_title_spans, char(30)), COALESCE(d.en_body_spans, char(30)))
        FROM search_docs d WHERE d.id IN (SELECT value FROM json_each(@Ids))
        """;

    private const string PackedSubjectsSql = """
        SELECT 0, concat_ws(char(31), type, key, title_zh, title_en, url, '', '', subject, '', char(30), char(30))
        FROM search_docs WHERE evidence = 0 AND subject IN (SELECT value FROM json_each(@Refs))
        """;

    private const string PackedSourcesSql = """
        SELECT 0, concat_ws(char(31), 'source', id, title_zh, title_en, '/api/v1/sources/' || id, '', '', 'source:' || id, '', char(30), char(30))
        FROM sources WHERE id IN (SELECT value FROM json_each(@SourceIds))
        """;

    private const string FacetsSql = """
        SELECT d.type AS Type, count(*) AS Count
        FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
        WHERE search_fts MATCH @Match
        """ + FilterSql + """
        GROUP BY d.type
        """;

    private const string PassagesSql = """
        SELECT key AS Key, text_zh AS Text, url AS Url FROM search_docs
        WHERE type = 'passage' AND key IN @Keys
        """;

    private const string AliasesSql = "SELECT joined AS Joined, phrase AS Phrase FROM search_aliases";

    public sealed class MatchRow { public long Id { get; init; } public double Rank { get; init; } }

    /// <summary>
    /// The marks of a field without any: one list for all, never added to (a field's marks are replaced, not extended,
    /// and only lists of two or more are sorted).
    /// </summary>
    internal static readonly MatchRange[] NoRanges = [];

    public sealed class DocRow
    {
        public long Id { get; init; }
        public string Type { get; init; } = "";
        public string Key { get; init; } = "";
        public string TitleZh { get; init; } = "";
        public string TitleEn { get; init; } = "";
        public string Url { get; init; } = "";
        public string TextZh { get; init; } = "";
        public string Detail { get; init; } = "";
        /// <summary>A subject's reference ('sample:7', 'source:…') for a subject row of a page; empty for the page's own rows.</summary>
        public string Ref { get; init; } = "";
        /// <summary>The English body (search_fts's en_body), read for a query with Latin words.</summary>
        public string TextEn { get; init; } = "";
        /// <summary>Where the English title's and body's tokens stand (<see cref="EnglishMarks.Spans"/>, as UTF-8); null when not read or not stored (a packed row is marked as it is read).</summary>
        public ReadOnlyMemory<byte>? EnTitleSpans { get; init; }
        public ReadOnlyMemory<byte>? EnBodySpans { get; init; }
        // The row's index texts (search_fts), read only for a query EnglishMarks cannot mark, and only to be marked in memory.
        public string ZhTitleBi { get; init; } = "";
        public string ZhTitleUni { get; init; } = "";
        public string ZhBodyBi { get; init; } = "";
        public string ZhBodyUni { get; init; } = "";
        public string EnTitle { get; init; } = "";
        public string EnBody { get; init; } = "";

        /// <summary>What the row writes the same way for every query, made when the row is kept (<see cref="PageAsync"/>).</summary>
        internal RowJson? Json { get; set; }
    }

    /// <summary>
    /// A page's row with its English title's and body's marks for one query, as highlight() marks the query in them
    /// (empty without Latin words): the row itself may be kept across queries and is never marked.
    /// </summary>
    public readonly record struct MarkedRow(DocRow Row, IReadOnlyList<MatchRange> TitleEnRanges, IReadOnlyList<MatchRange> TextEnRanges)
    {
        public MarkedRow(DocRow row) : this(row, NoRanges, NoRanges) { }
    }

    public sealed class SubjectMatchRow { public long Id { get; init; } public string Subject { get; init; } = ""; public long Evidence { get; init; } public double Rank { get; init; } public long NameMatch { get; init; } public long ValueMatch { get; init; } public string Type { get; init; } = ""; }

    public sealed class SubjectRow { public string Ref { get; init; } = ""; public string Type { get; init; } = ""; public string Key { get; init; } = ""; public string TitleZh { get; init; } = ""; public string TitleEn { get; init; } = ""; public string Url { get; init; } = ""; }

    public sealed class FacetRow { public string Type { get; init; } = ""; public long Count { get; init; } }

    public sealed class AliasRow { public string Joined { get; init; } = ""; public string Phrase { get; init; } = ""; }

    // Classes with setters, not positional records: Dapper picks a record's constructor from the column types,
    // which SQLite reports as BLOB for computed columns of an empty result.
    public async Task<IReadOnlyList<MatchRow>> MatchAsync(string match, string titleKey, Filter filter, double? afterRank, long afterId, int limit)
    {
        using var connection = db.OpenRead();
        var (sql, arguments) = ForEngine(MatchSql, Postgres.Match, match, new
        {
            Match = match, TitleKey = titleKey, filter.TypesJson, filter.ThemeTag, filter.RegionFrom, filter.RegionTo, filter.SampleTag, filter.YearTag, filter.RegionAlso,
            AfterRank = afterRank, AfterId = afterId, Limit = limit,
        });
        return (await connection.QueryAsync<MatchRow>(sql, arguments)).AsList();
    }

    /// <summary>
    /// Every match of a query with its subject, for grouping (the service keeps the grouped result per dataset version),
    /// as the engine gives them: a common word at 10^5 records matches over 100,000, and the service keeps only what
    /// grouping needs of each, so the rows are never held all at once.
    /// </summary>
    /// <remarks>valueKeys: a figure whose value is the query's number (<see cref="SearchAnalyzer.QueryValueKeys"/>) is marked ValueMatch.</remarks>
    public async IAsyncEnumerable<SubjectMatchRow> SubjectMatchesAsync(string match, string titleKey, IReadOnlyList<string> valueKeys, Filter filter)
    {
        using var connection = db.OpenRead();
        var (sql, arguments) = ForEngine(SubjectMatchSql, Postgres.SubjectMatch, match, new
        {
            Match = match, TitleKey = titleKey, ValueKeys = valueKeys, filter.ThemeTag, filter.RegionFrom, filter.RegionTo, filter.SampleTag, filter.YearTag, filter.RegionAlso,
        });
        using var reader = await connection.ExecuteReaderAsync(sql, arguments);
        // By position, in the statement's order (both engines' statements give these seven): a mapper boxed every value.
        while (reader is DbDataReader data ? await data.ReadAsync() : reader.Read())
            yield return new SubjectMatchRow
            {
                Id = reader.GetInt64(0), Subject = reader.GetString(1), Evidence = reader.GetInt64(2), Rank = reader.GetDouble(3),
                NameMatch = reader.GetInt64(4), ValueMatch = reader.GetInt64(5), Type = reader.GetString(6),
            };
    }

    // Titles of the records a search box offers; the MATCH is built from analysed tokens by the service. search_suggest's
    // rowid is the order (SuggestKey), and FTS5 gives a MATCH's rows in rowid order, so the walk stops at the limit
    // instead of sorting every title that matches (0012_search_suggest.sql).
    private const string SuggestSql = """
        SELECT d.type AS Type, d.key AS Id, d.title_zh AS TitleZh, d.title_en AS TitleEn, d.url AS Url
        FROM search_suggest s JOIN search_docs d ON d.id = s.rowid % 4294967296
        WHERE search_suggest MATCH @Match
        ORDER BY s.rowid
        LIMIT @Limit
        """;

    private const string ThemesSql = "SELECT 'theme' AS Type, slug AS Id, name_zh AS TitleZh, name_en AS TitleEn, '/api/v1/themes/' || slug AS Url FROM themes ORDER BY slug";

    public sealed class SuggestRow { public string Type { get; init; } = ""; public string Id { get; init; } = ""; public string TitleZh { get; init; } = ""; public string TitleEn { get; init; } = ""; public string Url { get; init; } = ""; }

    /// <summary>Samples, regions and reforms whose titles match (samples first, then places, shorter titles first).</summary>
    public async Task<IReadOnlyList<SuggestRow>> SuggestAsync(string match, int limit)
    {
        using var connection = db.OpenRead();
        var (sql, arguments) = ForEngine(SuggestSql, Postgres.Suggest, match, new { Match = match, Limit = limit });
        return (await connection.QueryAsync<SuggestRow>(sql, arguments)).AsList();
    }

    /// <summary>Every theme (a dozen rows), kept per dataset version.</summary>
    public Task<IReadOnlyList<SuggestRow>> ThemesAsync() =>
        cache.GetOrAddAsync("search-themes", async () =>
        {
            using var connection = db.OpenRead();
            return (IReadOnlyList<SuggestRow>)(await connection.QueryAsync<SuggestRow>(ThemesSql)).AsList();
        });

    private const string MatchesAnySql = "SELECT EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH @Match)";

    // Latin tokens only (CJK tokens sort after 'z'); a range scan of the vocabulary.
    private const string VocabularySql = "SELECT term FROM search_vocab WHERE term >= @From AND term < @To AND length(term) >= 5";

    /// <summary>Whether anything matches, kept per dataset version (asked for every long English word of a query).</summary>
    public Task<bool> MatchesAnyAsync(string match) =>
        cache.GetOrAddAsync(("search-matches-any", match), async () =>
        {
            using var connection = db.OpenRead();
            var (sql, arguments) = ForEngine(MatchesAnySql, Postgres.MatchesAny, match, new { Match = match });
            return await connection.ExecuteScalarAsync<long>(sql, arguments) != 0;
        });

    /// <summary>The index's tokens that start with these two letters, kept per dataset version.</summary>
    public Task<IReadOnlyList<string>> VocabularyAsync(string twoLetters) =>
        cache.GetOrAddAsync(("search-vocabulary", twoLetters), async () =>
        {
            using var connection = db.OpenRead();
            var to = twoLetters[..1] + (char)(twoLetters[1] + 1);
            return (IReadOnlyList<string>)(await connection.QueryAsync<string>(VocabularySql, new { From = twoLetters, To = to })).AsList();
        });

    private const string RegionNamesSql = """
        SELECT k.key AS Key, r.slug AS Slug, r.name_zh AS NameZh, r.name_en AS NameEn
        FROM search_title_keys k JOIN search_docs d ON d.id = k.doc_id JOIN regions r ON r.slug = d.key
        WHERE d.type = 'region'
        """;

    private sealed class RegionNameRow { public string Key { get; init; } = ""; public string Slug { get; init; } = ""; public string NameZh { get; init; } = ""; public string NameEn { get; init; } = ""; }

    /// <summary>Every name of every place (瑞安市, 瑞安, ruian …) as a name key, for reading places out of queries.</summary>
    public async Task<IReadOnlyDictionary<string, (string Slug, string NameZh, string NameEn)>> RegionNamesAsync()
    {
        using var connection = db.OpenRead();
        var names = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal);
        foreach (var row in await connection.QueryAsync<RegionNameRow>(RegionNamesSql))
            names.TryAdd(row.Key, (row.Slug, row.NameZh, row.NameEn));
        return names;
    }

    /// <summary>Titles and links of subjects by reference ('sample:7', 'source:…').</summary>
    public async Task<IReadOnlyDictionary<string, SubjectRow>> SubjectsAsync(IEnumerable<string> refs) =>
        (await PageAsync([], refs.ToList(), null)).Subjects;

    /// <summary>How many of a query's best matches are kept per dataset version; later pages go to SQL.</summary>
    public const int RankedCacheSize = 200;

    /// <summary>
    /// The best <see cref="RankedCacheSize"/> matches of a query in rank order, kept per dataset version: ranking
    /// is BM25 over every match (it grows with the catalog: 10 ms for 7,874 matches at 10^5 records), paging and
    /// repeats need only a slice of it. Complete when it holds fewer than <see cref="RankedCacheSize"/> rows.
    /// </summary>
    public Task<IReadOnlyList<MatchRow>> RankedAsync(string match, string titleKey, Filter filter) =>
        cache.GetOrAddAsync(("search-ranked", match, titleKey, filter), async () => await MatchAsync(match, titleKey, filter, null, 0, RankedCacheSize));

    /// <summary>
    /// What marks a page's English fields: the query's MATCH, and its phrases' marks from the rows' stored spans, or null
    /// for a query whose marks only FTS5's highlight() over the rows' index texts can tell (<see cref="EnglishMarks.For"/>).
    /// </summary>
    public sealed record EnglishHighlight(string Match, EnglishMarks? Marks);

    /// <summary>How many page rows (and, apart, subjects) are kept per dataset version (<see cref="PageAsync"/>).</summary>
    public const int PageRowCacheSize = 4_096;

    // A page's rows by id and its subjects by reference, as read (unmarked), per dataset version: the same samples,
    // reforms and figures head the pages of many queries, and reading them (one statement, its rows decoded) was a
    // quarter of an uncached search's CPU. Keyed with whether the row carries its English fields.
    private readonly VersionedMap<(long Id, bool English), DocRow> _rows = new(() => db.Version, PageRowCacheSize);
    private readonly VersionedMap<string, SubjectRow> _subjects = new(() => db.Version, PageRowCacheSize, StringComparer.Ordinal);

    /// <summary>
    /// A page: its rows by id and the subjects (by reference) its evidence-only hits stand for, in one statement for
    /// those not kept from an earlier page of this dataset version; with <paramref name="english"/> (a query with Latin
    /// words), the rows' English fields marked as FTS5's highlight() marks them in search_fts, on both engines.
    /// </summary>
    public async Task<(Dictionary<long, MarkedRow> Docs, Dictionary<string, SubjectRow> Subjects)> PageAsync(
        IReadOnlyCollection<long> ids, IReadOnlyCollection<string> subjectRefs, EnglishHighlight? english)
    {
        var docs = new Dictionary<long, MarkedRow>(ids.Count);
        var subjects = new Dictionary<string, SubjectRow>(subjectRefs.Count);
        // Index texts are read only for a query EnglishMarks cannot mark; then every part carries their columns, and
        // nothing is kept (the index texts are the catalog's largest columns, read for a rare kind of query).
        var wide = english is { Marks: null } && ids.Count > 0;
        var keptRows = wide ? null : _rows.Entries();
        var keptSubjects = wide ? null : _subjects.Entries();
        var unreadIds = ids;
        var unreadRefs = subjectRefs;
        if (keptRows is not null && keptSubjects is not null)
        {
            var idsLeft = new List<long>();
            foreach (var id in ids)
                if (keptRows.TryGetValue((id, english is not null), out var row)) docs[id] = new(row);
                else idsLeft.Add(id);
            var refsLeft = new List<string>();
            foreach (var subjectRef in subjectRefs)
                if (keptSubjects.TryGetValue(subjectRef, out var subject)) subjects[subjectRef] = subject;
                else refsLeft.Add(subjectRef);
            (unreadIds, unreadRefs) = (idsLeft, refsLeft);
        }
        if (unreadIds.Count > 0 || unreadRefs.Count > 0)
        {
            var (readDocs, readSubjects) = await ReadPageAsync(unreadIds, unreadRefs, english, wide);
            foreach (var (id, row) in readDocs)
            {
                if (keptRows is not null) row.Json = RowJson.For(row);
                docs[id] = new(row);
                keptRows?.Set((id, english is not null), row);
            }
            foreach (var (subjectRef, subject) in readSubjects)
            {
                subjects[subjectRef] = subject;
                keptSubjects?.Set(subjectRef, subject);
            }
        }
        if (english is null || docs.Count == 0) return (docs, subjects);
        // Marks depend on the query: they are the page's, beside the rows (which may be kept, and are never marked).
        if (english.Marks is null)
        {
            MarkInMemory(docs, docs.Values.Select(d => d.Row).ToList(), english.Match);
            return (docs, subjects);
        }
        var unread = new List<long>();
        foreach (var id in ids)
        {
            if (!docs.TryGetValue(id, out var marked)) continue;
            var doc = marked.Row;
            if (doc.EnTitleSpans is null || doc.EnBodySpans is null) { unread.Add(doc.Id); continue; }
            docs[id] = new(doc, english.Marks.Find(doc.EnTitleSpans.Value.Span, title: true), english.Marks.Find(doc.EnBodySpans.Value.Span, title: false));
        }
        if (unread.Count > 0)
        {
            using var connection = db.OpenRead();
            var texts = (await connection.QueryAsync<DocRow>(IndexTextsSql, new { Ids = unread })).Where(t => docs.ContainsKey(t.Id)).ToList();
            MarkInMemory(docs, texts, english.Match);
        }
        return (docs, subjects);
    }

    /// <summary>The page statement: rows by id and subjects by reference, as stored (unmarked).</summary>
    private async Task<(Dictionary<long, DocRow> Docs, Dictionary<string, SubjectRow> Subjects)> ReadPageAsync(
        IReadOnlyCollection<long> ids, IReadOnlyCollection<string> subjectRefs, EnglishHighlight? english, bool wide)
    {
        var docs = new Dictionary<long, DocRow>(ids.Count);
        var subjects = new Dictionary<string, SubjectRow>(subjectRefs.Count);
        var sourceIds = subjectRefs.Where(r => r.StartsWith("source:", StringComparison.Ordinal)).Select(r => r["source:".Length..]).Distinct().ToList();
        var statements = db.Engine == CatalogEngine.Sqlite ? SqlitePage : PostgresPage;
        var parts = new List<string>(3);
        if (ids.Count > 0) parts.Add(english is null ? statements.Docs : wide ? statements.DocsIndexTexts : statements.DocsSpans);
        if (subjectRefs.Count > 0) parts.Add(wide ? statements.SubjectsWide : statements.Subjects);
        if (sourceIds.Count > 0) parts.Add(wide ? statements.SourcesWide : statements.Sources);
        if (parts.Count == 0) return (docs, subjects);
        using var connection = db.OpenRead();
        var arguments = new
        {
            Ids = Json.Array(ids), Refs = Json.Array(subjectRefs), SourceIds = Json.Array(sourceIds),
        };
        // SQLite, a pooled connection, and no index texts: the packed statement, read in place.
        var packed = !wide && connection.Engine == CatalogEngine.Sqlite && connection.Sqlite is PooledSqliteConnection;
        if (packed)
        {
            var packedParts = new List<string>(3);
            if (ids.Count > 0) packedParts.Add(english is null ? PackedDocsSql : PackedDocsSpansSql);
            if (subjectRefs.Count > 0) packedParts.Add(PackedSubjectsSql);
            if (sourceIds.Count > 0) packedParts.Add(PackedSourcesSql);
            using var statement = ((PooledSqliteConnection)connection.Sqlite).Raw(string.Join("\nUNION ALL\n", packedParts));
            statement.Bind("@Ids", arguments.Ids).Bind("@Refs", arguments.Refs).Bind("@SourceIds", arguments.SourceIds);
            while (packed && statement.Step())
                if (PackedRow(statement.Int64(0), statement.Bytes(1), english is not null) is { } row) Add(row);
                else packed = false;
            if (!packed) { docs.Clear(); subjects.Clear(); }
        }
        if (!packed)
            using (var reader = await connection.ExecuteReaderAsync(string.Join("\nUNION ALL\n", parts), arguments))
                while (reader.Read()) Add(ReadPageRow(reader, wide, english is not null));
        return (docs, subjects);

        void Add(DocRow row)
        {
            if (row.Ref.Length == 0) docs[row.Id] = row;
            else subjects[row.Ref] = new SubjectRow { Ref = row.Ref, Type = row.Type, Key = row.Key, TitleZh = row.TitleZh, TitleEn = row.TitleEn, Url = row.Url };
        }
    }

    // A page's rows by column position, in the order every part of the page statement gives them (PageDocColumns, the
    // English columns, the index texts when wide): every uncached search reads up to 60 rows, and Dapper's mapping by
    // name read each value through GetValue and boxed it (1.05–1.15× on the search lines by bench/ab.sh). Only the spans
    // may be NULL (every other column is NOT NULL or a literal), so the rest are read without asking. Literals are not
    // read at all: a row of the page's own (id above 0) has no reference, and without Latin words every part gives ''
    // and NULLs for the English columns (each value read is a few calls into SQLite: a tenth of an uncached page's CPU).
    private static DocRow ReadPageRow(IDataReader r, bool wide, bool english)
    {
        var id = r.GetInt64(0);
        return new()
        {
            Id = id, Type = r.GetString(1), Key = r.GetString(2), TitleZh = r.GetString(3), TitleEn = r.GetString(4), Url = r.GetString(5),
            TextZh = r.GetString(6), Detail = r.GetString(7), Ref = id != 0 ? "" : r.GetString(8), TextEn = english ? r.GetString(9) : "",
            EnTitleSpans = !english || r.IsDBNull(10) ? null : Encoding.UTF8.GetBytes(r.GetString(10)), EnBodySpans = !english || r.IsDBNull(11) ? null : Encoding.UTF8.GetBytes(r.GetString(11)),
            ZhTitleBi = wide ? r.GetString(12) : "", ZhTitleUni = wide ? r.GetString(13) : "", ZhBodyBi = wide ? r.GetString(14) : "",
            ZhBodyUni = wide ? r.GetString(15) : "", EnTitle = wide ? r.GetString(16) : "", EnBody = wide ? r.GetString(17) : "",
        };
    }

    // A row of the packed statements (PackedDocsSql …), read where SQLite holds it: its fields in PageDocColumns' order,
    // and with <paramref name="english"/> its English text and the spans its tokens stand at (copied: the row may be
    // kept). Null when the value does not hold exactly the fields it was packed from.
    private static DocRow? PackedRow(long id, ReadOnlySpan<byte> packed, bool english)
    {
        Span<Range> fields = stackalloc Range[PackedFields];
        var (field, start) = (0, 0);
        for (var at = packed.IndexOf(PackedSeparator); at >= 0; at = packed[start..].IndexOf(PackedSeparator) is var i and >= 0 ? start + i : -1)
        {
            if (field == PackedFields - 1) return null;
            fields[field++] = start..at;
            start = at + 1;
        }
        if (field != PackedFields - 1) return null;
        fields[field] = start..;
        var titleSpans = packed[fields[9]];
        var bodySpans = packed[fields[10]];
        // A row stored without spans keeps none, and is marked from its index texts (PageAsync).
        var spansStored = english && titleSpans is not [PackedNull] && bodySpans is not [PackedNull];
        return new DocRow
        {
            Id = id, Type = TypeName(packed[fields[0]]) ?? Text(packed[fields[0]]), Key = Text(packed[fields[1]]), TitleZh = Text(packed[fields[2]]),
            TitleEn = Text(packed[fields[3]]), Url = Text(packed[fields[4]]), TextZh = Text(packed[fields[5]]), Detail = Text(packed[fields[6]]),
            Ref = Text(packed[fields[7]]), TextEn = english ? Text(packed[fields[8]]) : "",
            EnTitleSpans = spansStored ? titleSpans.ToArray() : null, EnBodySpans = spansStored ? bodySpans.ToArray() : null,
        };

        static string Text(ReadOnlySpan<byte> text) => text.Length > 0 ? Encoding.UTF8.GetString(text) : "";
    }

    // The index's types, one string each rather than one per row.
    private static string? TypeName(ReadOnlySpan<byte> type) =>
        type.SequenceEqual("sample"u8) ? "sample" : type.SequenceEqual("reform"u8) ? "reform" : type.SequenceEqual("figure"u8) ? "figure"
        : type.SequenceEqual("passage"u8) ? "passage" : type.SequenceEqual("region"u8) ? "region" : type.SequenceEqual("source"u8) ? "source" : null;

    /// <summary>Marks the page's rows by FTS5's highlight() over their index texts (<paramref name="texts"/>, by id) in memory.</summary>
    private static void MarkInMemory(Dictionary<long, MarkedRow> docs, List<DocRow> texts, string match)
    {
        var rows = texts.Select(t => (t.Id, new[] { t.ZhTitleBi, t.ZhTitleUni, t.ZhBodyBi, t.ZhBodyUni, t.EnTitle, t.EnBody })).ToList();
        foreach (var (docId, (title, body)) in Fts5Text.Mark(rows, match))
            // The marked texts are en_title and en_body: the row's title (where it is indexed) and TextEn.
            docs[docId] = new(docs[docId].Row, EnglishMarks.FromHighlight(title), EnglishMarks.FromHighlight(body));
    }

    /// <summary>
    /// Counts per type under every filter but the type filter, so a client can offer the other types. Exact, and
    /// kept per dataset version: counting every match is the other cost that grows with the catalog.
    /// </summary>
    public Task<IReadOnlyList<FacetRow>> FacetsAsync(string match, Filter filter) =>
        cache.GetOrAddAsync(("search-facets", match, filter with { TypesJson = null }), async () =>
        {
            using var connection = db.OpenRead();
            var (sql, arguments) = ForEngine(FacetsSql, Postgres.Facets, match, new
            {
                Match = match, filter.ThemeTag, filter.RegionFrom, filter.RegionTo, filter.SampleTag, filter.YearTag, filter.RegionAlso,
            });
            return (IReadOnlyList<FacetRow>)(await connection.QueryAsync<FacetRow>(sql, arguments)).AsList();
        });

    /// <summary>Source passages by key (GraphQL's SourcePassage nodes).</summary>
    public async Task<IReadOnlyList<SourcePassage>> PassagesAsync(IEnumerable<string> keys)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<SourcePassage>(PassagesSql, new { Keys = SqlList.Of(keys) })).AsList();
    }

    public async Task<IReadOnlyDictionary<string, string>> AliasesAsync()
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<AliasRow>(AliasesSql)).ToDictionary(a => a.Joined, a => a.Phrase, StringComparer.Ordinal);
    }

    // ---- The index build: reads the records, writes the derived tables (inside the caller's transaction).

    internal sealed class SampleIn { public long Number { get; init; } public string TitleZh { get; init; } = ""; public string TitleEn { get; init; } = ""; public string ThemeSlug { get; init; } = ""; public string SummaryZh { get; init; } = ""; public string SummaryEn { get; init; } = ""; }
    internal sealed class MeasureIn { public long SampleNumber { get; init; } public string TextZh { get; init; } = ""; public string TextEn { get; init; } = ""; }
    internal sealed class LinkIn { public string Owner { get; init; } = ""; public string Value { get; init; } = ""; }
    internal sealed class RegionIn { public string Slug { get; init; } = ""; public string NameZh { get; init; } = ""; public string NameEn { get; init; } = ""; public string Path { get; init; } = ""; }
    internal sealed class ReformIn { public long Id { get; init; } public string Slug { get; init; } = ""; public string NameZh { get; init; } = ""; public string NameEn { get; init; } = ""; public string RegionSlug { get; init; } = ""; public long? StartYear { get; init; } public string DescriptionZh { get; init; } = ""; public string DescriptionEn { get; init; } = ""; }
    internal sealed class FigureIn { public string Key { get; init; } = ""; public string SubjectType { get; init; } = ""; public string SubjectKey { get; init; } = ""; public string ValueText { get; init; } = ""; public string? Unit { get; init; } public string? QualifierText { get; init; } public long? SampleNumber { get; init; } public long? ReformId { get; init; } public string RegionSlug { get; init; } = ""; public string IndicatorZh { get; init; } = ""; public string IndicatorEn { get; init; } = ""; public long? Year { get; init; } public string Quote { get; init; } = ""; }
    internal sealed class EventIn { public string Slug { get; init; } = ""; public string TitleZh { get; init; } = ""; public string TitleEn { get; init; } = ""; public string? SubjectType { get; init; } public string? SubjectKey { get; init; } public string RegionSlug { get; init; } = ""; public long? Year { get; init; } public string Quote { get; init; } = ""; }
    internal sealed class SourceIn { public string Id { get; init; } = ""; public string TitleZh { get; init; } = ""; public string TitleEn { get; init; } = ""; public string Text { get; init; } = ""; public string Normalized { get; init; } = ""; }
    internal sealed class CaptionIn { public string SourceId { get; init; } = ""; public string Text { get; init; } = ""; public string Kind { get; init; } = ""; }

    internal sealed record IndexInput(
        List<SampleIn> Samples, List<MeasureIn> Measures, List<LinkIn> SampleRegions, List<RegionIn> Regions,
        List<ReformIn> Reforms, List<LinkIn> ReformThemes, List<LinkIn> ReformSamples, List<FigureIn> Figures,
        List<EventIn> Milestones, List<EventIn> Honors, List<SourceIn> Sources, List<CaptionIn> Captions);

    // Column aliases spell the record members: the import commands run before Dapper's underscore mapping is switched on.
    internal static IndexInput ReadIndexInput(DbConnection connection, DbTransaction tx)
    {
        List<T> Read<T>(string sql) => connection.Query<T>(sql, transaction: tx).AsList();
        return new IndexInput(
            Read<SampleIn>("SELECT number AS Number, title_zh AS TitleZh, title_en AS TitleEn, theme_slug AS ThemeSlug, summary_zh AS SummaryZh, summary_en AS SummaryEn FROM samples ORDER BY number"),
            Read<MeasureIn>("SELECT sample_number AS SampleNumber, text_zh AS TextZh, text_en AS TextEn FROM sample_measures ORDER BY sample_number, position"),
            Read<LinkIn>("SELECT CAST(sample_number AS TEXT) AS Owner, region_slug AS Value FROM sample_regions ORDER BY sample_number, position"),
            Read<RegionIn>("SELECT slug AS Slug, name_zh AS NameZh, name_en AS NameEn, path AS Path FROM regions ORDER BY path"),
            Read<ReformIn>("SELECT id AS Id, slug AS Slug, name_zh AS NameZh, name_en AS NameEn, region_slug AS RegionSlug, start_year AS StartYear, description_zh AS DescriptionZh, description_en AS DescriptionEn FROM reforms ORDER BY id"),
            Read<LinkIn>("SELECT CAST(reform_id AS TEXT) AS Owner, theme_slug AS Value FROM reform_themes"),
            Read<LinkIn>("SELECT CAST(reform_id AS TEXT) AS Owner, CAST(sample_number AS TEXT) AS Value FROM reform_samples"),
            Read<FigureIn>("SELECT key AS Key, subject_type AS SubjectType, subject_key AS SubjectKey, value_text AS ValueText, unit AS Unit, qualifier_text AS QualifierText, sample_number AS SampleNumber, reform_id AS ReformId, region_slug AS RegionSlug, indicator_zh AS IndicatorZh, indicator_en AS IndicatorEn, year AS Year, quote AS Quote FROM figures WHERE retracted_at IS NULL ORDER BY id"),
            Read<EventIn>("SELECT slug AS Slug, title_zh AS TitleZh, title_en AS TitleEn, subject_type AS SubjectType, subject_key AS SubjectKey, region_slug AS RegionSlug, year AS Year, quote AS Quote FROM milestones ORDER BY id"),
            Read<EventIn>("SELECT slug AS Slug, name_zh AS TitleZh, name_en AS TitleEn, subject_type AS SubjectType, subject_key AS SubjectKey, region_slug AS RegionSlug, year AS Year, quote AS Quote FROM honors ORDER BY id"),
            Read<SourceIn>("SELECT id AS Id, title_zh AS TitleZh, title_en AS TitleEn, text AS Text, text_normalized AS Normalized FROM sources ORDER BY id"),
            Read<CaptionIn>("SELECT source_id AS SourceId, text AS Text, kind AS Kind FROM captions ORDER BY id"));
    }

    /// <remarks>EnTitle: the English title as indexed (en_title); TitleEn is the one shown.</remarks>
    internal sealed record DocOut(long Id, string Type, string Key, string TitleZh, string TitleEn, string Url, string TextZh, string TextEn,
        string ZhTitleBi, string ZhTitleUni, string ZhBodyBi, string ZhBodyUni, string Subject, int Evidence, string Detail, string EnTitle);

    /// <summary>
    /// A title's place among the suggestions as one integer, search_suggest's rowid on both engines (d: its search_docs
    /// row): samples, then regions, then reforms (* 2^52), shorter Chinese titles first (length in characters, * 2^32),
    /// then by id (below 2^32, so rowid % 2^32 is the id). The order SuggestAsync gives; written and deleted through this
    /// one expression.
    /// </summary>
    internal const string SuggestKey = "(CASE d.type WHEN 'sample' THEN 0 WHEN 'region' THEN 1 ELSE 2 END) * 4503599627370496 + length(d.title_zh) * 4294967296 + d.id";

    // A record's suggestion row, before its search_docs row goes (both engines).
    private const string DeleteSuggestSql = $$"""
        DELETE FROM search_suggest WHERE rowid IN (SELECT {{SuggestKey}} FROM search_docs d
                                                   WHERE d.type = @Type AND d.key = @Key AND d.type IN ('sample', 'reform', 'region'));
        """;

    // FTS5's way to empty a contentless table.
    private const string ClearSuggestSql = "INSERT INTO search_suggest (search_suggest) VALUES ('delete-all');";

    // The suggestion rows of the documents just written (ids From..To, all of them this write's), with search_fts's title texts.
    private const string WriteSuggestSql = $$"""
        INSERT INTO search_suggest (rowid, zh_title_bi, zh_title_uni, en_title)
        SELECT {{SuggestKey}}, f.zh_title_bi, f.zh_title_uni, f.en_title
        FROM search_docs d JOIN search_fts f ON f.rowid = d.id
        WHERE d.id BETWEEN @From AND @To AND d.type IN ('sample', 'reform', 'region')
        """;

    internal static void ClearIndex(DbConnection connection, DbTransaction tx) =>
        connection.Execute("""
            DELETE FROM search_fts;
            DELETE FROM search_doc_tags;
            DELETE FROM search_title_keys;
            DELETE FROM search_docs;
            DELETE FROM search_aliases;
            """ + (connection is not Microsoft.Data.Sqlite.SqliteConnection ? Postgres.ClearSuggest + Postgres.ClearStats : ClearSuggestSql), transaction: tx);

    internal static long NextDocId(DbConnection connection, DbTransaction tx) =>
        connection.ExecuteScalar<long>("SELECT coalesce(max(id), 0) + 1 FROM search_docs", transaction: tx);

    /// <summary>Removes one record's documents (a source's: its passages, keyed '{id}-{n}').</summary>
    internal static void DeleteDocs(DbConnection connection, DbTransaction tx, string type, string key) =>
        connection.Execute((connection is not Microsoft.Data.Sqlite.SqliteConnection ? Postgres.SubtractStats : "") + """
            DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE (type = @Type AND key = @Key) OR (type = 'passage' AND key LIKE @Passages));
            DELETE FROM search_doc_tags WHERE doc_id IN (SELECT id FROM search_docs WHERE (type = @Type AND key = @Key) OR (type = 'passage' AND key LIKE @Passages));
            DELETE FROM search_title_keys WHERE doc_id IN (SELECT id FROM search_docs WHERE (type = @Type AND key = @Key) OR (type = 'passage' AND key LIKE @Passages));
            """ + DeleteSuggestSql + """
            DELETE FROM search_docs WHERE (type = @Type AND key = @Key) OR (type = 'passage' AND key LIKE @Passages);
            """, new { Type = type, Key = key, Passages = type == "source" ? key + "-%" : "" }, tx);

    internal static void WriteIndex(DbConnection connection, DbTransaction tx, IReadOnlyList<DocOut> docs,
        IEnumerable<(string Tag, long DocId)> tags, IEnumerable<(string Key, long DocId)> titleKeys, IEnumerable<(string Joined, string Phrase)> aliases)
    {
        // FTS5's tokens of the rows' texts: PostgreSQL's index is made of all six; both engines store where the English
        // ones stand, to mark a page's English fields (EnglishMarks).
        var postgres = connection is not Microsoft.Data.Sqlite.SqliteConnection;
        string[][][] tokens;
        using (var tokenizer = new Fts5Text())
            tokens = tokenizer.Tokens(docs.Select(d => postgres
                ? new[] { d.ZhTitleBi, d.ZhTitleUni, d.ZhBodyBi, d.ZhBodyUni, d.EnTitle, d.TextEn }
                : new[] { "", "", "", "", d.EnTitle, d.TextEn }).ToList());
        connection.Execute("""
            INSERT INTO search_docs (id, type, key, title_zh, title_en, url, text_zh, text_en, subject, evidence, detail, en_title_spans, en_body_spans)
            VALUES (@Id, @Type, @Key, @TitleZh, @TitleEn, @Url, @TextZh, @TextEn, @Subject, @Evidence, @Detail, @EnTitleSpans, @EnBodySpans)
            """, docs.Select((d, i) => new
            {
                d.Id, d.Type, d.Key, d.TitleZh, d.TitleEn, d.Url, d.TextZh, d.TextEn, d.Subject, d.Evidence, d.Detail,
                EnTitleSpans = EnglishMarks.Spans(d.EnTitle, tokens[i][4]), EnBodySpans = EnglishMarks.Spans(d.TextEn, tokens[i][5]),
            }), tx);
        if (postgres) Postgres.WriteFts(connection, tx, docs, tokens);
        else
            connection.Execute("""
                INSERT INTO search_fts (rowid, zh_title_bi, zh_title_uni, zh_body_bi, zh_body_uni, en_title, en_body)
                VALUES (@Id, @ZhTitleBi, @ZhTitleUni, @ZhBodyBi, @ZhBodyUni, @EnTitle, @TextEn)
                """, docs, tx);
        if (docs.Count > 0)
            connection.Execute(postgres ? Postgres.WriteSuggest : WriteSuggestSql, new { From = docs.Min(d => d.Id), To = docs.Max(d => d.Id) }, tx);
        connection.Execute("INSERT INTO search_doc_tags (tag, doc_id) VALUES (@Tag, @DocId) ON CONFLICT DO NOTHING",
            tags.Select(t => new { t.Tag, t.DocId }), tx);
        connection.Execute("INSERT INTO search_title_keys (key, doc_id) VALUES (@Key, @DocId) ON CONFLICT DO NOTHING",
            titleKeys.Select(t => new { t.Key, t.DocId }), tx);
        connection.Execute("INSERT INTO search_aliases (joined, phrase) VALUES (@Joined, @Phrase) ON CONFLICT DO NOTHING",
            aliases.Select(a => new { a.Joined, a.Phrase }), tx);
    }
}
