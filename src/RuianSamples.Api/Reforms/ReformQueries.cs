using System.Data;
using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Materialised;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Reforms;

/// <summary>The only place reform SQL lives.</summary>
public sealed class ReformQueries(CatalogDb db, VersionedCache cache)
{
    public sealed record Filter(string? Theme, string? RegionPath, int? YearFrom, int? YearTo, string? PilotLevel, int? Sample, string? Source, bool NoYear = false);

    public static readonly IReadOnlyDictionary<string, SortOption> Sorts = SortOption.AllowList(
        ("id", "r.id", true), ("slug", "r.slug", false), ("startYear", "coalesce(r.start_year, 0)", true));

    private const string Columns = """
        r.id, r.slug, r.name_zh, r.name_en, r.region_slug, g.name_zh AS region_name_zh, g.name_en AS region_name_en,
        g.level AS region_level, g.code AS region_code, r.start_year, r.start_year_inferred, r.start_year_quote, r.start_year_basis,
        r.pilot_level, r.pilot_level_quote, r.themes_inferred, r.themes_basis, r.description_zh, r.description_en, r.source_id, r.revision
        """;

    // A county's filter includes its towns: regions whose path starts with the county's path.
    // Correlated EXISTS rather than IN (subquery): the planner then walks reforms in id order from
    // the cursor and stops after one page, instead of collecting every match and sorting it
    // (18.7 ms → 0.15 ms a page at 10^5 reforms for region + theme; a rare filter, such as one town,
    // costs a scan of a few ms instead). A single year is an equality, so (start_year, id) serves it in order.
    private static (bool Active, string Condition)[] Conditions(Filter f, bool byTheme = false) =>
    [
        (f.RegionPath is not null, "EXISTS (SELECT 1 FROM regions g2 WHERE g2.slug = r.region_slug AND g2.path >= @RegionPath AND g2.path < @RegionPath || '~')"),
        (f.Theme is not null && !byTheme, "EXISTS (SELECT 1 FROM reform_themes rt WHERE rt.reform_id = r.id AND rt.theme_slug = @Theme)"),
        (f.Theme is not null && byTheme, "rt.theme_slug = @Theme"),
        (f.YearFrom is not null && f.YearFrom == f.YearTo, "r.start_year = @YearFrom"),
        (f.YearFrom is not null && f.YearFrom != f.YearTo, "r.start_year >= @YearFrom"),
        (f.YearTo is not null && f.YearFrom != f.YearTo, "r.start_year <= @YearTo"),
        (f.NoYear, "r.start_year IS NULL"),
        (f.PilotLevel is not null, "r.pilot_level = @PilotLevel"),
        (f.Sample is not null, "EXISTS (SELECT 1 FROM reform_samples rs WHERE rs.reform_id = r.id AND rs.sample_number = @Sample)"),
        (f.Source is not null, "(r.source_id = @Source OR EXISTS (SELECT 1 FROM figures x WHERE x.reform_id = r.id AND x.source_id = @Source))"),
    ];

    // A page in id order under a theme is read from the theme's index (theme_slug, reform_id), already in id order: the
    // page then visits only the theme's reforms (at 10^5 reforms, 36 rows for a page of 20 of Rui'an's
    // economic-development reforms instead of 340, each a reform row read from disk for its region: 0.21 → 0.05 ms).
    // Other orders keep the EXISTS walk in their own order.
    private const string ThemeVariant = "theme:";

    // A page of documents in id order under a region, a theme or neither needs only each reform's id, region and slug:
    // ix_reforms_id_region_slug holds them, dense, where a reform's row at 10^5 fills much of a page of the file and the
    // reforms a page visits lie apart. SQLite's planner takes the rowid for r.id = ? all the same, so its statement names
    // the index (63 → 32 pages of the file read for a page of 20 of Rui'an's economic-development reforms at 10^5; 15–20%
    // less CPU a request). PostgreSQL has no such hint and weighs its index-only scan itself.
    private const string CoveredVariant = "covered:";

    private static bool Covered(Filter f, SortOption sort) =>
        sort.Name is "id" or "-id" && f is { YearFrom: null, YearTo: null, NoYear: false, PilotLevel: null, Sample: null, Source: null };

    private static bool ByTheme(Filter f, SortOption sort) => f.Theme is not null && sort.Name is "id" or "-id";

    private static string ThemeOrder(SortOption sort) => sort.Descending ? "rt.reform_id DESC" : "rt.reform_id";

    private static string ThemeAfter(SortOption sort) => sort.Descending ? "rt.reform_id < @AfterId" : "rt.reform_id > @AfterId";

    /// <summary>A page's statement (<paramref name="variant"/>: the sort's name, or the documents' variant of it) after the cursor.</summary>
    private static string PageSql(string variant, Filter filter, SortOption sort, Cursor? after) => ByTheme(filter, sort)
        ? Sql.Compose(ThemeVariant + variant, Conditions(filter, byTheme: true), after is null ? null : ThemeAfter(sort))
        : Sql.Compose(variant, Conditions(filter), after is null ? null : sort.After("r.id"));

    /// <summary>The statement <see cref="ListDocumentsAsync"/> runs for this page (tests read its plan).</summary>
    internal string DocumentsPageSql(Filter filter, SortOption sort, Cursor? after) =>
        PageSql((_namesIndexes && Covered(filter, sort) ? CoveredVariant : "") + DocumentsVariant + sort.Name, filter, sort, after);

    private readonly bool _namesIndexes = db.Engine == CatalogEngine.Sqlite;

    private static readonly SqlComposer Sql = new(variant => variant switch
    {
        _ when variant.StartsWith(ThemeVariant, StringComparison.Ordinal) && variant.Contains(DocumentsVariant, StringComparison.Ordinal) => $"""
            SELECT r.id, r.slug, CAST(rt.reform_id AS TEXT) AS sort_key, d.body
            FROM reform_themes rt JOIN {Reforms(variant)} ON r.id = rt.reform_id
            LEFT JOIN record_documents d ON d.record_type = '{RecordDocuments.Reform}' AND d.record_key = r.slug
            /*WHERE*/ ORDER BY {ThemeOrder(Sorts[SortName(variant)])} LIMIT @Limit
            """,
        _ when variant.StartsWith(ThemeVariant, StringComparison.Ordinal) =>
            $"SELECT {Columns}, CAST(rt.reform_id AS TEXT) AS sort_key FROM reform_themes rt JOIN reforms r ON r.id = rt.reform_id JOIN regions g ON g.slug = r.region_slug /*WHERE*/ ORDER BY {ThemeOrder(Sorts[SortName(variant)])} LIMIT @Limit",
        "count" => "SELECT count(*) FROM reforms r /*WHERE*/",
        "facets" => """
            WITH filtered AS (SELECT r.id, r.region_slug, r.start_year FROM reforms r /*WHERE*/)
            SELECT 'theme' AS facet, t.slug AS value, t.name_zh AS label_zh, t.name_en AS label_en, count(*) AS count
              FROM filtered f JOIN reform_themes rt ON rt.reform_id = f.id JOIN themes t ON t.slug = rt.theme_slug GROUP BY t.slug
            UNION ALL
            SELECT 'region', g.slug, g.name_zh, g.name_en, count(*) FROM filtered f JOIN regions g ON g.slug = f.region_slug GROUP BY g.slug, g.name_zh, g.name_en
            UNION ALL
            SELECT 'year', coalesce(CAST(f.start_year AS TEXT), 'unknown'), NULL, NULL, count(*) FROM filtered f GROUP BY f.start_year
            ORDER BY facet, count DESC, value
            """,
        // The same page as the full rows', with each reform's stored document (null when it has none) instead of its columns.
        _ when variant.Contains(DocumentsVariant, StringComparison.Ordinal) => $"""
            SELECT r.id, r.slug, CAST({Sorts[SortName(variant)].Expression} AS TEXT) AS sort_key, d.body
            FROM {Reforms(variant)} LEFT JOIN record_documents d ON d.record_type = '{RecordDocuments.Reform}' AND d.record_key = r.slug
            /*WHERE*/ ORDER BY {Sorts[SortName(variant)].OrderBy("r.id")} LIMIT @Limit
            """,
        _ => $"SELECT {Columns}, CAST({Sorts[variant].Expression} AS TEXT) AS sort_key FROM reforms r JOIN regions g ON g.slug = r.region_slug /*WHERE*/ ORDER BY {Sorts[variant].OrderBy("r.id")} LIMIT @Limit",
    });

    private const string DocumentsVariant = "documents:";

    // A variant is [theme:][covered:][documents:]sort.
    private static string SortName(string variant) => variant[(variant.LastIndexOf(':') + 1)..];

    private static string Reforms(string variant) =>
        variant.Contains(CoveredVariant, StringComparison.Ordinal) ? "reforms r INDEXED BY ix_reforms_id_region_slug" : "reforms r";

    private const string BySlugSql = $"SELECT {Columns} FROM reforms r JOIN regions g ON g.slug = r.region_slug WHERE r.slug = @Slug";
    private const string BySlugsSql = $"SELECT {Columns} FROM reforms r JOIN regions g ON g.slug = r.region_slug WHERE r.slug IN @Slugs";
    private const string ByIdsSql = $"SELECT {Columns} FROM reforms r JOIN regions g ON g.slug = r.region_slug WHERE r.id IN @Ids";

    private const string ThemesSql = """
        SELECT rt.reform_id, t.slug, t.name_zh, t.name_en FROM reform_themes rt JOIN themes t ON t.slug = rt.theme_slug
        WHERE rt.reform_id IN @Ids ORDER BY rt.reform_id, t.position
        """;

    private const string SamplesSql = """
        SELECT rs.reform_id, s.number, s.slug, s.title_zh, s.title_en FROM reform_samples rs JOIN samples s ON s.number = rs.sample_number
        WHERE rs.reform_id IN @Ids ORDER BY rs.reform_id, s.number
        """;

    private const string BySamplesSql = $"""
        SELECT rs.sample_number AS sort_key, {Columns} FROM reform_samples rs JOIN reforms r ON r.id = rs.reform_id
        JOIN regions g ON g.slug = r.region_slug WHERE rs.sample_number IN @Numbers ORDER BY r.id
        """;

    private static object Parameters(Filter f, int limit = 0, object? afterKey = null, long afterId = 0) => new
    {
        f.Theme, f.RegionPath, f.YearFrom, f.YearTo, f.PilotLevel, f.Sample, f.Source, Limit = limit, AfterKey = afterKey, AfterId = afterId,
    };

    public async Task<IReadOnlyList<ReformRow>> ListAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var sql = PageSql(sort.Name, filter, sort, after);
        return (await connection.QueryAsync<ReformRow>(sql, Parameters(filter, limit, sort.KeyParameter(after), after?.Id ?? 0))).AsList();
    }

    /// <summary>A list page as <see cref="ListAsync"/> reads it, each reform's key, sort value and stored document only.</summary>
    public async Task<IReadOnlyList<ListedDocument>> ListDocumentsAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var sql = DocumentsPageSql(filter, sort, after);
        return (await connection.QueryAsync<ListedDocument>(sql, Parameters(filter, limit, sort.KeyParameter(after), after?.Id ?? 0))).AsList();
    }

    public sealed class ListedDocument
    {
        public long Id { get; init; }
        public string Slug { get; init; } = "";
        public string? SortKey { get; init; }
        public byte[]? Body { get; init; }
    }

    public Task<int> CountAsync(Filter filter) => cache.GetOrAddAsync(("reforms-count", filter), async () =>
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(Sql.Compose("count", Conditions(filter)), Parameters(filter));
    });

    public Task<IReadOnlyList<FacetRow>> FacetsAsync(Filter filter) => cache.GetOrAddAsync(("reforms-facets", filter), async () =>
    {
        using var connection = db.OpenRead();
        return (IReadOnlyList<FacetRow>)(await connection.QueryAsync<FacetRow>(Sql.Compose("facets", Conditions(filter)), Parameters(filter))).AsList();
    });

    public Task<ReformRow?> BySlugAsync(string slug)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(BySlug(connection, null, slug));
    }

    /// <summary>On any connection: the request's snapshot, or a partner write's transaction (which sees its own changes).</summary>
    public static ReformRow? BySlug(IDbConnection c, IDbTransaction? tx, string slug) =>
        c.QuerySingleOrDefault<ReformRow>(BySlugSql, new { Slug = slug }, tx);

    public async Task<IReadOnlyList<ReformRow>> BySlugsAsync(IEnumerable<string> slugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<ReformRow>(BySlugsSql, new { Slugs = SqlList.Of(slugs) })).AsList();
    }

    public async Task<IReadOnlyList<ReformRow>> ByIdsAsync(IEnumerable<long> ids)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<ReformRow>(ByIdsSql, new { Ids = SqlList.Of(ids) })).AsList();
    }

    public static IReadOnlyList<ReformRow> ByIds(IDbConnection c, IDbTransaction? tx, IEnumerable<long> ids) =>
        c.Query<ReformRow>(ByIdsSql, new { Ids = SqlList.Of(ids) }, tx).AsList();

    private const string AllIdsSql = "SELECT id FROM reforms ORDER BY id";

    public static IReadOnlyList<long> AllIds(IDbConnection c, IDbTransaction? tx) => c.Query<long>(AllIdsSql, transaction: tx).AsList();

    /// <summary>Reforms linked to each sample (sort_key carries the sample number).</summary>
    public async Task<ILookup<int, ReformRow>> BySamplesAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<ReformRow>(BySamplesSql, new { Numbers = SqlList.Of(numbers) })).ToLookup(r => int.Parse(r.SortKey!, System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<ILookup<long, ReformThemeRow>> ThemesAsync(IEnumerable<long> ids)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Themes(connection, null, ids));
    }

    public static ILookup<long, ReformThemeRow> Themes(IDbConnection c, IDbTransaction? tx, IEnumerable<long> ids) =>
        c.Query<ReformThemeRow>(ThemesSql, new { Ids = SqlList.Of(ids) }, tx).ToLookup(r => r.ReformId);

    public Task<ILookup<long, ReformSampleRow>> SamplesAsync(IEnumerable<long> ids)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Samples(connection, null, ids));
    }

    public static ILookup<long, ReformSampleRow> Samples(IDbConnection c, IDbTransaction? tx, IEnumerable<long> ids) =>
        c.Query<ReformSampleRow>(SamplesSql, new { Ids = SqlList.Of(ids) }, tx).ToLookup(r => r.ReformId);

    // Writes (one partner's request, inside its transaction). The seeds import inserts with the same statements.
    public const string InsertSql = """
        INSERT INTO reforms (slug, name_zh, name_en, region_slug, start_year, start_year_inferred, start_year_quote, start_year_basis,
                             pilot_level, pilot_level_quote, themes_inferred, themes_basis, description_zh, description_en, source_id, revision)
        VALUES (@Slug, @NameZh, @NameEn, @Region, @StartYear, @StartYearInferred, @StartYearQuote, @StartYearBasis,
                @PilotLevel, @PilotLevelQuote, @ThemesInferred, @ThemesBasis, @DescriptionZh, @DescriptionEn, @Source, @Revision)
        RETURNING id
        """;

    private const string UpdateSql = """
        UPDATE reforms SET name_zh = @NameZh, name_en = @NameEn, region_slug = @Region, start_year = @StartYear,
               start_year_inferred = @StartYearInferred, start_year_quote = @StartYearQuote, start_year_basis = @StartYearBasis,
               pilot_level = @PilotLevel, pilot_level_quote = @PilotLevelQuote, themes_inferred = @ThemesInferred, themes_basis = @ThemesBasis,
               description_zh = @DescriptionZh, description_en = @DescriptionEn, source_id = @Source, revision = @Revision
         WHERE id = @Id
        """;

    private const string DeleteThemesSql = "DELETE FROM reform_themes WHERE reform_id = @Id";
    private const string InsertThemeSql = "INSERT INTO reform_themes (reform_id, theme_slug) VALUES (@Id, @Theme)";
    private const string DeleteSamplesSql = "DELETE FROM reform_samples WHERE reform_id = @Id";
    private const string InsertSampleSql = "INSERT INTO reform_samples (reform_id, sample_number) VALUES (@Id, @Sample)";

    // The records whose search rows carry a reform's themes and samples (see SearchIndexBuilder.TagReform).
    private const string DependentsSql = """
        SELECT 'figure' AS owner, key FROM figures WHERE reform_id = @Id
        UNION ALL SELECT 'milestone', slug FROM milestones WHERE subject_type = 'reform' AND subject_key = @Slug
        UNION ALL SELECT 'honor', slug FROM honors WHERE subject_type = 'reform' AND subject_key = @Slug
        """;

    private static object WriteColumns(Data.Seeding.ReformSeed r, long id, long revision) => new
    {
        Id = id, r.Slug, r.NameZh, r.NameEn, r.Region, r.StartYear, r.StartYearInferred, r.StartYearQuote, r.StartYearBasis,
        r.PilotLevel, r.PilotLevelQuote, r.ThemesInferred, r.ThemesBasis, r.DescriptionZh, r.DescriptionEn, r.Source, Revision = revision,
    };

    /// <summary>Inserts a reform with its theme and sample links; returns its id. Firsts are the sample queries' (they belong to samples and reforms alike).</summary>
    public static long Insert(IDbConnection c, IDbTransaction tx, Data.Seeding.ReformSeed r, long revision = 1)
    {
        var id = c.ExecuteScalar<long>(InsertSql, WriteColumns(r, 0, revision), tx);
        InsertLinks(c, tx, id, r);
        return id;
    }

    /// <summary>Replaces a reform's fields and links (the slug stays).</summary>
    public static void Update(IDbConnection c, IDbTransaction tx, long id, Data.Seeding.ReformSeed r, long revision)
    {
        c.Execute(UpdateSql, WriteColumns(r, id, revision), tx);
        c.Execute(DeleteThemesSql, new { Id = id }, tx);
        c.Execute(DeleteSamplesSql, new { Id = id }, tx);
        InsertLinks(c, tx, id, r);
    }

    private static void InsertLinks(IDbConnection c, IDbTransaction tx, long id, Data.Seeding.ReformSeed r)
    {
        c.Execute(InsertThemeSql, (r.Themes ?? []).Distinct().Select(t => new { Id = id, Theme = t }), tx);
        c.Execute(InsertSampleSql, (r.Samples ?? []).Distinct().Select(n => new { Id = id, Sample = n }), tx);
    }

    /// <summary>The (type, key) of records about this reform, whose search rows carry its themes and samples.</summary>
    public static IReadOnlyList<(string Type, string Key)> Dependents(IDbConnection c, IDbTransaction tx, long id, string slug) =>
        c.Query<KeyLink>(DependentsSql, new { Id = id, Slug = slug }, tx).Select(l => (l.Owner, l.Key)).ToList();
}

/// <summary>Batch link lookups for GraphQL relations (reform SQL stays in the Reforms folder).</summary>
public sealed class ReformGraphQueries(CatalogDb db)
{
    // A county's reforms include its towns', as in the REST region filter.
    private const string ByRegionsSql = """
        SELECT g.slug AS owner, CAST(x.id AS TEXT) AS key
        FROM regions g
        JOIN regions d ON d.path >= g.path AND d.path < g.path || '~'
        JOIN reforms x ON x.region_slug = d.slug
        WHERE g.slug IN @Slugs
        ORDER BY g.slug, x.id
        """;

    // The order REST uses: the reform's own source, then its figures' sources, then its firsts' sources.
    private const string SourcesSql = """
        WITH refs(owner, source_id, ord) AS (
            SELECT id, source_id, -1 FROM reforms WHERE id IN @Ids
            UNION ALL SELECT reform_id, source_id, id FROM figures WHERE reform_id IN @Ids
            UNION ALL SELECT r.id, f.source_id, 1000000000 + f.id FROM firsts f JOIN reforms r ON r.slug = f.subject_key
                WHERE f.subject_type = 'reform' AND r.id IN @Ids)
        SELECT CAST(owner AS TEXT) AS owner, source_id AS key FROM refs GROUP BY owner, source_id ORDER BY owner, min(ord)
        """;

    public async Task<ILookup<string, long>> IdsByRegionsAsync(IEnumerable<string> regionSlugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<Samples.KeyLink>(ByRegionsSql, new { Slugs = SqlList.Of(regionSlugs) }))
            .ToLookup(l => l.Owner, l => long.Parse(l.Key, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<ILookup<long, string>> SourceIdsAsync(IEnumerable<long> ids)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<Samples.KeyLink>(SourcesSql, new { Ids = SqlList.Of(ids) }))
            .ToLookup(l => long.Parse(l.Owner, System.Globalization.CultureInfo.InvariantCulture), l => l.Key);
    }
}
