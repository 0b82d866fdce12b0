using System.Globalization;
using System.Text.RegularExpressions;
using Dapper;
using System.Data.Common;

namespace RuianSamples.Api.Data.Seeding;

/// <summary>Writes a validated <see cref="SeedCatalog"/> into an empty, migrated database (inside the caller's transaction).</summary>
public static partial class SeedImporter
{
    /// <summary>Work that derives tables from the imported records (the search index) runs in the same transaction.</summary>
    public static readonly List<Action<DbConnection, DbTransaction>> DerivedBuilders = [Search.SearchIndexBuilder.Build, Materialised.RecordDocuments.Build];

    [GeneratedRegex(@"\d{4}")]
    private static partial Regex Year();

    public static void Import(DbConnection db, DbTransaction tx, SeedCatalog seeds)
    {
        var sources = seeds.Sources.ToDictionary(s => s.Manifest.Id);
        foreach (var s in seeds.Sources) Sources.SourceQueries.Insert(db, tx, s);

        db.Execute("INSERT INTO themes (slug, position, name_zh, name_en, kind) VALUES (@Slug, @Position, @NameZh, @NameEn, @Kind)",
            seeds.Themes.Select((t, i) => new { t.Record.Slug, Position = i + 1, t.Record.NameZh, t.Record.NameEn, t.Record.Kind }), tx);

        var regions = seeds.Regions.ToDictionary(r => r.Record.Slug, r => r.Record);
        string PathOf(RegionSeed r) => (r.Parent is null ? "/" : PathOf(regions[r.Parent])) + r.Slug + "/";
        // Parents first, so the foreign key holds row by row.
        foreach (var r in seeds.Regions.Select(r => r.Record).OrderBy(r => PathOf(r).Count(c => c == '/')).ThenBy(r => PathOf(r), StringComparer.Ordinal))
            db.Execute("INSERT INTO regions (slug, name_zh, name_en, level, parent_slug, code, path) VALUES (@Slug, @NameZh, @NameEn, @Level, @Parent, @Code, @Path)",
                new { r.Slug, r.NameZh, r.NameEn, r.Level, r.Parent, r.Code, Path = PathOf(r) }, tx);

        foreach (var (_, s) in seeds.Samples)
        {
            db.Execute("""
                INSERT INTO samples (number, slug, title_zh, title_en, theme_slug, theme_inferred, theme_basis, summary_zh, summary_en, source_id)
                VALUES (@Number, @Slug, @TitleZh, @TitleEn, @Theme, @ThemeInferred, @ThemeBasis, @SummaryZh, @SummaryEn, @Source)
                """, s, tx);
            db.Execute("INSERT INTO sample_regions (sample_number, region_slug, position) VALUES (@Number, @Region, @Position)",
                s.Regions.Select((r, i) => new { s.Number, Region = r, Position = i + 1 }), tx);
            db.Execute("INSERT INTO sample_measures (sample_number, position, text_zh, text_en) VALUES (@Number, @Position, @TextZh, @TextEn)",
                (s.Measures ?? []).Select((m, i) => new { s.Number, Position = i + 1, m.TextZh, m.TextEn }), tx);
            Samples.SampleQueries.InsertFirsts(db, tx, "sample", s.Number.ToString(CultureInfo.InvariantCulture), s.Firsts, s.Source);
        }

        var reformIds = new Dictionary<string, long>();
        foreach (var (_, r) in seeds.Reforms)
        {
            var id = Reforms.ReformQueries.Insert(db, tx, r);
            reformIds[r.Slug] = id;
            Samples.SampleQueries.InsertFirsts(db, tx, "reform", r.Slug, r.Firsts, r.Source);
        }
        // A sample may name its reforms too; either side of the link is enough.
        foreach (var (_, s) in seeds.Samples)
            db.Execute("INSERT INTO reform_samples (reform_id, sample_number) VALUES (@Id, @Sample) ON CONFLICT DO NOTHING",
                (s.Reforms ?? []).Select(slug => new { Id = reformIds[slug], Sample = s.Number }), tx);

        foreach (var (sourceId, (_, f)) in seeds.Figures)
            Figures.FigureQueries.Insert(db, tx, Figures.FigureQueries.Columns(f, sourceId, sources[sourceId].Normalized,
                f.SubjectType == "reform" ? reformIds[f.Subject] : null));

        foreach (var (sourceId, (_, m)) in seeds.Milestones)
            db.Execute("""
                INSERT INTO milestones (slug, date, year, date_precision, date_inferred, date_basis, title_zh, title_en, subject_type,
                                        subject_key, region_slug, source_id, quote, quote_offset)
                VALUES (@Slug, @Date, @Year, @DatePrecision, @DateInferred, @DateBasis, @TitleZh, @TitleEn, @SubjectType,
                        @Subject, @Region, @SourceId, @Quote, @QuoteOffset)
                """, new
            {
                m.Slug, m.Date, Year = YearOf(m.Date), m.DatePrecision, m.DateInferred, m.DateBasis, m.TitleZh, m.TitleEn, m.SubjectType,
                m.Subject, m.Region, SourceId = sourceId, m.Quote,
                QuoteOffset = sources[sourceId].Normalized.IndexOf(m.Quote, StringComparison.Ordinal),
            }, tx);

        foreach (var (sourceId, (_, h)) in seeds.Honors)
            db.Execute("""
                INSERT INTO honors (slug, name_zh, name_en, rank, year, year_inferred, year_basis, subject_type, subject_key,
                                    region_slug, source_id, quote, quote_offset)
                VALUES (@Slug, @NameZh, @NameEn, @Rank, @Year, @YearInferred, @YearBasis, @SubjectType, @Subject,
                        @Region, @SourceId, @Quote, @QuoteOffset)
                """, new
            {
                h.Slug, h.NameZh, h.NameEn, h.Rank, h.Year, h.YearInferred, h.YearBasis, h.SubjectType, h.Subject,
                h.Region, SourceId = sourceId, h.Quote,
                QuoteOffset = sources[sourceId].Normalized.IndexOf(h.Quote, StringComparison.Ordinal),
            }, tx);

        db.Execute("INSERT INTO captions (source_id, text, kind) VALUES (@SourceId, @Text, @Kind)",
            seeds.Captions.Select(c => new { c.SourceId, c.Caption.Record.Text, c.Caption.Record.Kind }), tx);

        db.Execute("""
            INSERT INTO dataset_meta (key, value) VALUES ('seeds_version', @Version), ('imported_at', @At)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """, new { seeds.Version, At = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) }, tx);

        foreach (var build in DerivedBuilders) build(db, tx);
    }

    public const string RecordCountSql = "SELECT (SELECT count(*) FROM samples) + (SELECT count(*) FROM reforms) + (SELECT count(*) FROM figures)";

    /// <summary>The tables an import fills, children before parents, so a re-import can empty them in its transaction.</summary>
    private static readonly string[] ImportedTables =
    [
        "firsts", "figures", "milestones", "honors", "captions", "reform_samples", "reform_themes", "reforms",
        "sample_measures", "sample_regions", "samples", "regions", "themes", "sources",
    ];

    /// <summary>Empties the imported records and their search index (inside the re-import's transaction).</summary>
    public static void Clear(DbConnection db, DbTransaction tx)
    {
        Search.SearchQueries.ClearIndex(db, tx);
        foreach (var table in ImportedTables) db.Execute($"DELETE FROM {table}", transaction: tx);
        // SQLite numbers an emptied table's rows from 1 again; PostgreSQL's identities must be told, so ids match on both.
        if (db is PortableConnection)
            foreach (var table in IdentityTables) db.Execute(RestartIdentityPostgres, new { Table = table }, tx);
    }

    private static readonly string[] IdentityTables = ["firsts", "figures", "milestones", "honors", "captions", "reforms", "regions"];

    private const string RestartIdentityPostgres = "SELECT setval(pg_get_serial_sequence(@Table, 'id'), 1, false)";

    public static int? YearOf(string? period) =>
        period is not null && Year().Match(period) is { Success: true } m ? int.Parse(m.Value, CultureInfo.InvariantCulture) : null;

    /// <summary>亿元 → (10⁸, 元), 万人次 → (10⁴, 人次); other units are already base units.</summary>
    public static (double Multiplier, string? BaseUnit) UnitScale(string? unit)
    {
        if (string.IsNullOrEmpty(unit)) return (1, unit);
        foreach (var (prefix, factor) in Prefixes)
            if (unit.StartsWith(prefix, StringComparison.Ordinal) && unit.Length >= prefix.Length)
                return (factor, unit[prefix.Length..]);
        return (1, unit);
    }

    private static readonly (string Prefix, double Factor)[] Prefixes =
        [("千万", 1e7), ("百万", 1e6), ("万亿", 1e12), ("亿", 1e8), ("万", 1e4)];
}
