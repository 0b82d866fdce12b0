using Dapper;
using RuianSamples.Api.Data;

namespace RuianSamples.Api.Samples;

/// <summary>The only place sample SQL lives. Child lookups take many parents at once (REST lists and GraphQL batch loaders).</summary>
public sealed class SampleQueries(CatalogDb db)
{
    private const string Select = """
        SELECT s.number, s.slug, s.title_zh, s.title_en, s.theme_slug, t.name_zh AS theme_name_zh, t.name_en AS theme_name_en,
               s.theme_inferred, s.theme_basis, s.summary_zh, s.summary_en, s.source_id
        FROM samples s
        JOIN themes t ON t.slug = s.theme_slug
        """;

    // region: a county matches its towns too (path prefix).
    private const string ListSql = Select + """
         WHERE (@Theme IS NULL OR s.theme_slug = @Theme)
           AND (@Region IS NULL OR s.number IN (
                 SELECT sr.sample_number FROM sample_regions sr JOIN regions g ON g.slug = sr.region_slug
                 WHERE g.path >= @RegionPath AND g.path < @RegionPath || '~'))
           AND s.number > @After
         ORDER BY s.number
         LIMIT @Limit
        """;

    private const string CountSql = """
        SELECT count(*) FROM samples s
         WHERE (@Theme IS NULL OR s.theme_slug = @Theme)
           AND (@Region IS NULL OR s.number IN (
                 SELECT sr.sample_number FROM sample_regions sr JOIN regions g ON g.slug = sr.region_slug
                 WHERE g.path >= @RegionPath AND g.path < @RegionPath || '~'))
        """;

    private const string ByNumberSql = Select + " WHERE s.number = @Number";
    private const string BySlugSql = Select + " WHERE s.slug = @Slug";
    private const string ByNumbersSql = Select + " WHERE s.number IN @Numbers ORDER BY s.number";

    private const string RegionsSql = """
        SELECT sr.sample_number, g.slug, g.name_zh, g.name_en, g.level, g.code
        FROM sample_regions sr JOIN regions g ON g.slug = sr.region_slug
        WHERE sr.sample_number IN @Numbers
        ORDER BY sr.sample_number, sr.position
        """;

    private const string MeasuresSql = """
        SELECT sample_number, position, text_zh, text_en FROM sample_measures
        WHERE sample_number IN @Numbers
        ORDER BY sample_number, position
        """;

    private const string FirstsSql = """
        SELECT subject_type, subject_key, claim_zh, scope, quote, source_id FROM firsts
        WHERE subject_type = @Type AND subject_key IN @Keys
        ORDER BY id
        """;

    private const string ReformsSql = """
        SELECT rs.sample_number, r.slug, r.name_zh, r.name_en
        FROM reform_samples rs JOIN reforms r ON r.id = rs.reform_id
        WHERE rs.sample_number IN @Numbers
        ORDER BY rs.sample_number, r.id
        """;

    public sealed record Filter(string? Theme, string? Region, string? RegionPath);

    public async Task<IReadOnlyList<SampleRow>> ListAsync(Filter filter, int after, int limit)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<SampleRow>(ListSql, new { filter.Theme, filter.Region, filter.RegionPath, After = after, Limit = limit })).AsList();
    }

    public async Task<int> CountAsync(Filter filter)
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(CountSql, new { filter.Theme, filter.Region, filter.RegionPath });
    }

    public async Task<SampleRow?> FindAsync(string numberOrSlug)
    {
        using var connection = db.OpenRead();
        return int.TryParse(numberOrSlug, System.Globalization.NumberStyles.None, null, out var number)
            ? await connection.QuerySingleOrDefaultAsync<SampleRow>(ByNumberSql, new { Number = number })
            : await connection.QuerySingleOrDefaultAsync<SampleRow>(BySlugSql, new { Slug = numberOrSlug });
    }

    public async Task<IReadOnlyList<SampleRow>> ByNumbersAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<SampleRow>(ByNumbersSql, new { Numbers = SqlList.Of(numbers) })).AsList();
    }

    /// <summary>On any connection: the request's snapshot, or a write's transaction (which sees its own changes).</summary>
    public static IReadOnlyList<SampleRow> ByNumbers(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<int> numbers) =>
        c.Query<SampleRow>(ByNumbersSql, new { Numbers = SqlList.Of(numbers) }, tx).AsList();

    private const string AllNumbersSql = "SELECT number FROM samples ORDER BY number";

    public static IReadOnlyList<int> AllNumbers(System.Data.IDbConnection c, System.Data.IDbTransaction? tx) =>
        c.Query<long>(AllNumbersSql, transaction: tx).Select(n => (int)n).AsList();

    public static ILookup<int, SampleRegionRow> Regions(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<int> numbers) =>
        c.Query<SampleRegionRow>(RegionsSql, new { Numbers = SqlList.Of(numbers) }, tx).ToLookup(r => (int)r.SampleNumber);

    public static ILookup<int, SampleMeasureRow> Measures(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<int> numbers) =>
        c.Query<SampleMeasureRow>(MeasuresSql, new { Numbers = SqlList.Of(numbers) }, tx).ToLookup(r => (int)r.SampleNumber);

    public static ILookup<int, SampleReformRow> Reforms(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<int> numbers) =>
        c.Query<SampleReformRow>(ReformsSql, new { Numbers = SqlList.Of(numbers) }, tx).ToLookup(r => (int)r.SampleNumber);

    public Task<ILookup<int, SampleRegionRow>> RegionsAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Regions(connection, null, numbers));
    }

    public Task<ILookup<int, SampleMeasureRow>> MeasuresAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Measures(connection, null, numbers));
    }

    /// <summary>Claimed firsts of samples or reforms (type "sample" with numbers as keys, or "reform" with slugs).</summary>
    public Task<ILookup<string, FirstRow>> FirstsAsync(string type, IEnumerable<string> keys)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Firsts(connection, null, type, keys));
    }

    public static ILookup<string, FirstRow> Firsts(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, string type, IEnumerable<string> keys) =>
        c.Query<FirstRow>(FirstsSql, new { Type = type, Keys = SqlList.Of(keys) }, tx).ToLookup(r => r.SubjectKey);

    // A sample's or reform's firsts, written as a whole (the seeds import and a reform's partner write).
    private const string InsertFirstSql = "INSERT INTO firsts (subject_type, subject_key, claim_zh, scope, quote, source_id) VALUES (@Type, @Key, @ClaimZh, @Scope, @Quote, @Source)";
    private const string DeleteFirstsSql = "DELETE FROM firsts WHERE subject_type = @Type AND subject_key = @Key";

    /// <summary>Replaces the firsts of one sample or reform; a first without a source of its own is quoted from <paramref name="source"/>.</summary>
    public static void ReplaceFirsts(System.Data.IDbConnection c, System.Data.IDbTransaction tx, string type, string key, IEnumerable<Data.Seeding.FirstSeed>? firsts, string source)
    {
        c.Execute(DeleteFirstsSql, new { Type = type, Key = key }, tx);
        InsertFirsts(c, tx, type, key, firsts, source);
    }

    public static void InsertFirsts(System.Data.IDbConnection c, System.Data.IDbTransaction tx, string type, string key, IEnumerable<Data.Seeding.FirstSeed>? firsts, string source) =>
        c.Execute(InsertFirstSql, (firsts ?? []).Select(f => new { Type = type, Key = key, f.ClaimZh, f.Scope, f.Quote, Source = f.Source ?? source }), tx);

    public Task<ILookup<int, SampleReformRow>> ReformsAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(Reforms(connection, null, numbers));
    }
}

/// <summary>A link from a parent key (a region slug, a sample number …) to a child key.</summary>
public sealed class KeyLink
{
    public string Owner { get; init; } = "";
    public string Key { get; init; } = "";
}

/// <summary>Batch link lookups for GraphQL relations; the linked records come from the by-key loaders.</summary>
public sealed class SampleGraphQueries(CatalogDb db)
{
    // A county's samples include those led by its towns, as in the REST region filter.
    private const string ByRegionsSql = """
        SELECT DISTINCT g.slug AS owner, CAST(sr.sample_number AS TEXT) AS key
        FROM regions g
        JOIN regions d ON d.path >= g.path AND d.path < g.path || '~'
        JOIN sample_regions sr ON sr.region_slug = d.slug
        WHERE g.slug IN @Slugs
        ORDER BY g.slug, sr.sample_number
        """;

    // The order REST uses: the sample's own source, then its figures' sources, then its firsts' sources.
    private const string SourcesSql = """
        WITH refs(owner, source_id, ord) AS (
            SELECT number, source_id, -1 FROM samples WHERE number IN @Numbers
            UNION ALL SELECT sample_number, source_id, id FROM figures WHERE sample_number IN @Numbers
            UNION ALL SELECT CAST(subject_key AS INTEGER), source_id, 1000000000 + id FROM firsts
                WHERE subject_type = 'sample' AND CAST(subject_key AS INTEGER) IN @Numbers)
        SELECT CAST(owner AS TEXT) AS owner, source_id AS key FROM refs GROUP BY owner, source_id ORDER BY owner, min(ord)
        """;

    private const string RegionSlugsSql = """
        SELECT CAST(sample_number AS TEXT) AS owner, region_slug AS key FROM sample_regions
        WHERE sample_number IN @Numbers
        ORDER BY sample_number, position
        """;

    private const string ByThemesSql = """
        SELECT theme_slug AS owner, CAST(number AS TEXT) AS key FROM samples
        WHERE theme_slug IN @Slugs ORDER BY number
        """;

    public async Task<ILookup<int, string>> RegionSlugsAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<KeyLink>(RegionSlugsSql, new { Numbers = SqlList.Of(numbers) }))
            .ToLookup(l => int.Parse(l.Owner, System.Globalization.CultureInfo.InvariantCulture), l => l.Key);
    }

    public async Task<ILookup<string, int>> ByThemesAsync(IEnumerable<string> themeSlugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<KeyLink>(ByThemesSql, new { Slugs = SqlList.Of(themeSlugs) }))
            .ToLookup(l => l.Owner, l => int.Parse(l.Key, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<ILookup<string, int>> ByRegionsAsync(IEnumerable<string> regionSlugs)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<KeyLink>(ByRegionsSql, new { Slugs = SqlList.Of(regionSlugs) }))
            .ToLookup(l => l.Owner, l => int.Parse(l.Key, System.Globalization.CultureInfo.InvariantCulture));
    }

    public async Task<ILookup<int, string>> SourceIdsAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<KeyLink>(SourcesSql, new { Numbers = SqlList.Of(numbers) }))
            .ToLookup(l => int.Parse(l.Owner, System.Globalization.CultureInfo.InvariantCulture), l => l.Key);
    }
}
