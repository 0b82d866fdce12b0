using Dapper;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Figures;

/// <summary>The only place figure SQL lives.</summary>
public sealed class FigureQueries(CatalogDb db, VersionedCache cache)
{
    private const string From = """
        FROM figures f
        JOIN sources s ON s.id = f.source_id
        JOIN regions g ON g.slug = f.region_slug
        """;

    private const string Select = """
        SELECT f.id, f.key, f.subject_type, f.subject_key, f.sample_number, f.reform_id, f.region_slug,
               g.name_zh AS region_name_zh, g.name_en AS region_name_en, f.indicator_zh, f.indicator_en,
               f.value, f.value_text, f.unit, f.base_value, f.base_unit, f.qualifier, f.qualifier_text, f.period, f.year,
               f.period_inferred, f.period_basis, f.baseline_value, f.baseline_value_text, f.baseline_unit, f.baseline_period,
               f.kind, f.source_id, f.quote, f.quote_offset, f.revision, f.retracted_at, f.retracted_by, f.retraction_comment,
               s.title_zh AS source_title_zh, s.title_en AS source_title_en, s.publication_zh AS source_publication_zh,
               s.publication_en AS source_publication_en, s.byline AS source_byline, s.date AS source_date,
               s.date_inferred AS source_date_inferred, s.url AS source_url
        """;

    // IncludeRetracted: retracted figures are left out of lists and exports unless asked for (include=retracted).
    public sealed record Filter(string? Theme, string? RegionPath, int? YearFrom, int? YearTo, string? Kind, int? Sample, string? Reform, string? Source, string? SubjectType,
        bool IncludeRetracted = false, bool NoYear = false);

    public static readonly IReadOnlyDictionary<string, SortOption> Sorts = SortOption.AllowList(
        ("id", "f.id", true), ("year", "coalesce(f.year, 0)", true), ("baseValue", "f.base_value", false));

    // Correlated EXISTS and a year equality keep the plan in id order from the cursor (see ReformQueries).
    private static (bool Active, string Condition)[] Conditions(Filter f) =>
    [
        (f.RegionPath is not null, "EXISTS (SELECT 1 FROM regions g2 WHERE g2.slug = f.region_slug AND g2.path >= @RegionPath AND g2.path < @RegionPath || '~')"),
        (f.Theme is not null, "(EXISTS (SELECT 1 FROM samples s2 WHERE s2.number = f.sample_number AND s2.theme_slug = @Theme) OR EXISTS (SELECT 1 FROM reform_themes rt WHERE rt.reform_id = f.reform_id AND rt.theme_slug = @Theme))"),
        (f.YearFrom is not null && f.YearFrom == f.YearTo, "f.year = @YearFrom"),
        (f.YearFrom is not null && f.YearFrom != f.YearTo, "f.year >= @YearFrom"),
        (f.YearTo is not null && f.YearFrom != f.YearTo, "f.year <= @YearTo"),
        (f.NoYear, "f.year IS NULL"),
        (f.Kind is not null, "f.kind = @Kind"),
        (f.Sample is not null, "f.sample_number = @Sample"),
        (f.Reform is not null, "f.reform_id = (SELECT id FROM reforms WHERE slug = @Reform)"),
        (f.Source is not null, "f.source_id = @Source"),
        (f.SubjectType is not null, "f.subject_type = @SubjectType"),
        (!f.IncludeRetracted, "f.retracted_at IS NULL"),
    ];

    // Sort keys are composed from the constants above, never from request text.
    private static readonly SqlComposer Sql = new(variant => variant switch
    {
        "count" => "SELECT count(*) FROM figures f /*WHERE*/",
        "facets" => """
            WITH filtered AS (SELECT f.id, f.region_slug, f.year, f.kind FROM figures f /*WHERE*/)
            SELECT 'region' AS facet, g.slug AS value, g.name_zh AS label_zh, g.name_en AS label_en, count(*) AS count
              FROM filtered f JOIN regions g ON g.slug = f.region_slug GROUP BY g.slug, g.name_zh, g.name_en
            UNION ALL
            SELECT 'year', coalesce(CAST(f.year AS TEXT), 'unknown'), NULL, NULL, count(*) FROM filtered f GROUP BY f.year
            UNION ALL
            SELECT 'kind', f.kind, NULL, NULL, count(*) FROM filtered f GROUP BY f.kind
            ORDER BY facet, count DESC, value
            """,
        _ => $"{Select}, CAST({Sorts[variant].Expression} AS TEXT) AS sort_key {From} /*WHERE*/ ORDER BY {Sorts[variant].OrderBy("f.id")} LIMIT @Limit",
    });

    private const string BySamplesSql = Select + "\n" + From + " WHERE f.sample_number IN @Numbers AND f.retracted_at IS NULL ORDER BY f.id";
    // Each sample's headline figure: its first (the order of BySamplesSql), for the home page's cards.
    private const string FirstBySamplesSql = Select + "\n" + From + """
         WHERE f.id IN (SELECT min(id) FROM figures WHERE sample_number IN @Numbers AND retracted_at IS NULL GROUP BY sample_number) ORDER BY f.id
        """;
    private const string ByReformsSql = Select + "\n" + From + " WHERE f.reform_id IN @Ids AND f.retracted_at IS NULL ORDER BY f.id";
    private const string ByKeySql = Select + "\n" + From + " WHERE f.key = @Key";
    private const string ByKeysSql = Select + "\n" + From + " WHERE f.key IN @Keys";

    // Writes (one partner's request, inside its transaction). The seeds import inserts with the same statement.
    public const string InsertSql = """
        INSERT INTO figures (key, subject_type, subject_key, sample_number, reform_id, region_slug, indicator_zh, indicator_en,
                             value, value_text, unit, base_value, base_unit, qualifier, qualifier_text, period, year,
                             period_inferred, period_basis, baseline_value, baseline_value_text, baseline_unit, baseline_period,
                             kind, source_id, quote, quote_offset)
        VALUES (@Key, @SubjectType, @SubjectKey, @SampleNumber, @ReformId, @Region, @IndicatorZh, @IndicatorEn,
                @Value, @ValueText, @Unit, @BaseValue, @BaseUnit, @Qualifier, @QualifierText, @Period, @Year,
                @PeriodInferred, @PeriodBasis, @BaselineValue, @BaselineValueText, @BaselineUnit, @BaselinePeriod,
                @Kind, @SourceId, @Quote, @QuoteOffset)
        """;

    private const string UpdateSql = """
        UPDATE figures SET subject_type = @SubjectType, subject_key = @SubjectKey, sample_number = @SampleNumber, reform_id = @ReformId,
               region_slug = @Region, indicator_zh = @IndicatorZh, indicator_en = @IndicatorEn, value = @Value, value_text = @ValueText,
               unit = @Unit, base_value = @BaseValue, base_unit = @BaseUnit, qualifier = @Qualifier, qualifier_text = @QualifierText,
               period = @Period, year = @Year, period_inferred = @PeriodInferred, period_basis = @PeriodBasis,
               baseline_value = @BaselineValue, baseline_value_text = @BaselineValueText, baseline_unit = @BaselineUnit,
               baseline_period = @BaselinePeriod, kind = @Kind, source_id = @SourceId, quote = @Quote, quote_offset = @QuoteOffset,
               revision = @Revision
         WHERE key = @Key
        """;

    private const string RetractSql = """
        UPDATE figures SET retracted_at = @At, retracted_by = @By, retraction_comment = @Comment, revision = @Revision WHERE key = @Key
        """;

    private const string NextIdSql = "SELECT coalesce(max(id), 0) + 1 FROM figures";

    // A figure as it was at a pinned dataset version: its rebuilt columns as a one-row table, joined and selected as the table is.
    private const string AsOfSql = Select + """

        FROM (SELECT @Id AS id, @Key AS key, @SubjectType AS subject_type, @SubjectKey AS subject_key, @SampleNumber AS sample_number,
                     @ReformId AS reform_id, @Region AS region_slug, @IndicatorZh AS indicator_zh, @IndicatorEn AS indicator_en,
                     @Value AS value, @ValueText AS value_text, @Unit AS unit, @BaseValue AS base_value, @BaseUnit AS base_unit,
                     @Qualifier AS qualifier, @QualifierText AS qualifier_text, @Period AS period, @Year AS year,
                     @PeriodInferred AS period_inferred, @PeriodBasis AS period_basis, @BaselineValue AS baseline_value,
                     @BaselineValueText AS baseline_value_text, @BaselineUnit AS baseline_unit, @BaselinePeriod AS baseline_period,
                     @Kind AS kind, @SourceId AS source_id, @Quote AS quote, @QuoteOffset AS quote_offset, @Revision AS revision,
                     @RetractedAt AS retracted_at, @RetractedBy AS retracted_by, @RetractionComment AS retraction_comment) f
        JOIN sources s ON s.id = f.source_id
        JOIN regions g ON g.slug = f.region_slug
        """;
    private const string NormalizedSourceSql = "SELECT text_normalized FROM sources WHERE id = @Id";
    private const string ReformIdSql = "SELECT id FROM reforms WHERE slug = @Slug";

    /// <summary>The pseudo-field a retraction's revision changes (false → true).</summary>
    private const string Retracted = "retracted";
    private const string SourcePath = "citation.sourceId";

    /// <summary>The column values of a figure: base value and year derived as the seeds import derives them.</summary>
    public static object Columns(Data.Seeding.FigureSeed f, string sourceId, string normalizedSource, long? reformId, long revision = 1) => new
    {
        Key = f.Id, f.SubjectType, SubjectKey = f.Subject,
        SampleNumber = f.SubjectType == "sample" ? int.Parse(f.Subject, System.Globalization.CultureInfo.InvariantCulture) : (int?)null,
        ReformId = f.SubjectType == "reform" ? reformId : null,
        f.Region, f.IndicatorZh, f.IndicatorEn, f.Value, f.ValueText, f.Unit,
        // decimal: 1197.9 亿 is 119790000000, not 119790000000.00002
        BaseValue = (double)((decimal)f.Value * (decimal)Data.Seeding.SeedImporter.UnitScale(f.Unit).Multiplier),
        BaseUnit = Data.Seeding.SeedImporter.UnitScale(f.Unit).BaseUnit, f.Qualifier, f.QualifierText, f.Period,
        Year = Data.Seeding.SeedImporter.YearOf(f.Period), f.PeriodInferred, f.PeriodBasis,
        BaselineValue = f.Baseline?.Value, BaselineValueText = f.Baseline?.ValueText, BaselineUnit = f.Baseline?.Unit,
        BaselinePeriod = f.Baseline?.Period, f.Kind, SourceId = sourceId, f.Quote,
        QuoteOffset = normalizedSource.IndexOf(f.Quote, StringComparison.Ordinal), Revision = revision,
    };

    public static FigureRow? ByKey(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string key) =>
        c.QuerySingleOrDefault<FigureRow>(ByKeySql, new { Key = key }, tx);

    public static string NextKey(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx) =>
        "fp-" + c.ExecuteScalar<long>(NextIdSql, transaction: tx).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static void Insert(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, object columns) => c.Execute(InsertSql, columns, tx);

    public static void Update(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, object columns) => c.Execute(UpdateSql, columns, tx);

    public static void Retract(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string key, long revision, string at, string by, string comment) =>
        c.Execute(RetractSql, new { Key = key, Revision = revision, At = at, By = by, Comment = comment }, tx);

    private static object Parameters(Filter f, int limit = 0, object? afterKey = null, long afterId = 0) => new
    {
        f.Theme, f.RegionPath, f.YearFrom, f.YearTo, f.Kind, f.Sample, f.Reform, f.Source, f.SubjectType, Limit = limit, AfterKey = afterKey, AfterId = afterId,
    };

    public async Task<IReadOnlyList<FigureRow>> ListAsync(Filter filter, SortOption sort, Cursor? after, int limit)
    {
        using var connection = db.OpenRead();
        var sql = Sql.Compose(sort.Name, Conditions(filter), after is null ? null : sort.After("f.id"));
        return (await connection.QueryAsync<FigureRow>(sql, Parameters(filter, limit, sort.KeyParameter(after), after?.Id ?? 0))).AsList();
    }

    public Task<int> CountAsync(Filter filter) => cache.GetOrAddAsync(("figures-count", filter), async () =>
    {
        using var connection = db.OpenRead();
        return await connection.ExecuteScalarAsync<int>(Sql.Compose("count", Conditions(filter)), Parameters(filter));
    });

    public Task<IReadOnlyList<FacetRow>> FacetsAsync(Filter filter) => cache.GetOrAddAsync(("figures-facets", filter), async () =>
    {
        using var connection = db.OpenRead();
        return (IReadOnlyList<FacetRow>)(await connection.QueryAsync<FacetRow>(Sql.Compose("facets", Conditions(filter)), Parameters(filter))).AsList();
    });

    public Task<ILookup<int, FigureRow>> BySamplesAsync(IEnumerable<int> numbers)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(BySamples(connection, null, numbers));
    }

    public static ILookup<int, FigureRow> BySamples(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<int> numbers) =>
        c.Query<FigureRow>(BySamplesSql, new { Numbers = SqlList.Of(numbers) }, tx).ToLookup(r => (int)r.SampleNumber!.Value);

    /// <summary>Each sample's first live figure (the first of <see cref="BySamples"/>), by sample number.</summary>
    public static ILookup<int, FigureRow> FirstBySamples(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<int> numbers) =>
        c.Query<FigureRow>(FirstBySamplesSql, new { Numbers = SqlList.Of(numbers) }, tx).ToLookup(r => (int)r.SampleNumber!.Value);

    public Task<ILookup<long, FigureRow>> ByReformsAsync(IEnumerable<long> ids)
    {
        using var connection = db.OpenRead();
        return Task.FromResult(ByReforms(connection, null, ids));
    }

    public static ILookup<long, FigureRow> ByReforms(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IEnumerable<long> ids) =>
        c.Query<FigureRow>(ByReformsSql, new { Ids = SqlList.Of(ids) }, tx).ToLookup(r => r.ReformId!.Value);

    /// <summary>The figure as it was at the pinned version (null: created after it); without a pin, the current one.</summary>
    public async Task<FigureRow?> ByKeyAsync(string key, VersionPin? pin)
    {
        var row = await ByKeyAsync(key);
        return pin is null || row is null ? row : await AsOfAsync(row, pin);
    }

    /// <summary>The figures of these samples as they were at the pinned version (corrections undone, later ones left out, retractions since undone).</summary>
    public async Task<ILookup<int, FigureRow>> BySamplesAsync(IReadOnlyCollection<int> numbers, VersionPin? pin)
    {
        var current = await BySamplesAsync(numbers);
        if (pin is null) return current;
        return (await AsOfAsync(current.SelectMany(g => g), pin, r => r.SampleNumber is { } n && numbers.Contains((int)n)))
            .ToLookup(r => (int)r.SampleNumber!.Value);
    }

    /// <summary>The figures of these reforms as they were at the pinned version.</summary>
    public async Task<ILookup<long, FigureRow>> ByReformsAsync(IReadOnlyCollection<long> ids, VersionPin? pin)
    {
        var current = await ByReformsAsync(ids);
        if (pin is null) return current;
        return (await AsOfAsync(current.SelectMany(g => g), pin, r => r.ReformId is { } id && ids.Contains(id))).ToLookup(r => r.ReformId!.Value);
    }

    /// <summary>How many unretracted figures quoted the source at the pinned version, given how many do now.</summary>
    public async Task<int> CountBySourceAsync(string sourceId, int now, VersionPin pin)
    {
        var changed = pin.ChangedKeys("figure");
        if (changed.Count == 0) return now;
        // Only the source and the retraction matter: undone in memory, not rebuilt row by row (one statement in all).
        foreach (var row in await ByKeysAsync(changed))
        {
            if (row.RetractedAt is null && row.SourceId == sourceId) now--;
            var fields = new Dictionary<string, System.Text.Json.Nodes.JsonNode?> { [SourcePath] = row.SourceId, [Retracted] = row.RetractedAt is not null };
            if (pin.Rewind("figure", row.Key, fields, row.Revision) is { } then
                && then.Fields.GetValueOrDefault(Retracted)?.GetValue<bool>() != true && then.Fields.GetValueOrDefault(SourcePath)?.GetValue<string>() == sourceId)
                now++;
        }
        return now;
    }

    /// <summary>
    /// A list of current (unretracted) figures as it was at the pinned version: every figure changed
    /// since is rebuilt and kept when it then belonged to the list and was not retracted.
    /// </summary>
    private async Task<IReadOnlyList<FigureRow>> AsOfAsync(IEnumerable<FigureRow> current, VersionPin pin, Func<FigureRow, bool> belongs)
    {
        var changed = pin.ChangedKeys("figure");
        var rows = current.Where(r => !changed.Contains(r.Key)).ToList();
        if (changed.Count == 0) return rows;
        // Only figures that belong to the list now, or whose subject changed since, can have belonged then.
        foreach (var row in await ByKeysAsync(changed))
            if ((belongs(row) || pin.Changed("figure", row.Key, "subject.")) && await AsOfAsync(row, pin) is { RetractedAt: null } then && belongs(then))
                rows.Add(then);
        return rows.OrderBy(r => r.Id).ToList();
    }

    /// <summary>
    /// One figure at the pinned version: its fields rebuilt from the revisions (<see cref="VersionPin.Rewind"/>),
    /// then the derived columns (base value, year, quote offset) computed as a write computes them.
    /// </summary>
    private async Task<FigureRow?> AsOfAsync(FigureRow row, VersionPin pin)
    {
        var fields = FigureWriteService.Values(row);
        fields[Retracted] = row.RetractedAt is not null;
        var then = pin.Rewind("figure", row.Key, fields, row.Revision);
        if (then is null) return null;
        if (then.Revision == row.Revision) return row;
        var input = FigureWriteService.Read(FigureWriteService.Shape.ToJson(then.Fields), row.Key);
        using var connection = db.OpenRead();
        var text = await connection.ExecuteScalarAsync<string?>(NormalizedSourceSql, new { Id = input.SourceId }) ?? "";
        var reformId = input.Figure.SubjectType == "reform" ? await connection.ExecuteScalarAsync<long?>(ReformIdSql, new { Slug = input.Figure.Subject }) : null;
        var retracted = then.Fields.GetValueOrDefault(Retracted)?.GetValue<bool>() == true;
        var parameters = new DynamicParameters(Columns(input.Figure, input.SourceId, text, reformId, then.Revision));
        parameters.AddDynamicParams(new
        {
            row.Id,
            RetractedAt = retracted ? row.RetractedAt : null,
            RetractedBy = retracted ? row.RetractedBy : null,
            RetractionComment = retracted ? row.RetractionComment : null,
        });
        return await connection.QuerySingleOrDefaultAsync<FigureRow>(AsOfSql, parameters);
    }

    public async Task<FigureRow?> ByKeyAsync(string key)
    {
        using var connection = db.OpenRead();
        return await connection.QuerySingleOrDefaultAsync<FigureRow>(ByKeySql, new { Key = key });
    }

    public async Task<IReadOnlyList<FigureRow>> ByKeysAsync(IEnumerable<string> keys)
    {
        using var connection = db.OpenRead();
        return (await connection.QueryAsync<FigureRow>(ByKeysSql, new { Keys = SqlList.Of(keys) })).AsList();
    }
}
