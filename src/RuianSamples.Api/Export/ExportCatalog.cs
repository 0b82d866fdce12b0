using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Export;

/// <summary>
/// One export resource: its records as a stream read in keyset batches (memory stays flat
/// whatever the size), and its CSV columns in a fixed order. NDJSON and catalog.json write the
/// same records the REST API returns; CSV flattens them to one row per record.
/// </summary>
public abstract class ExportResource
{
    public const int Batch = 100;
    public abstract string Name { get; }
    /// <summary>The REST record type each line (NDJSON) or array item (catalog.json) is.</summary>
    public abstract Type RecordType { get; }
    public abstract IReadOnlyList<string> Headers { get; }
    /// <summary>The records, all of them or (with a filter this resource reads, see <see cref="FilterParameters"/>) a selection.</summary>
    public abstract IAsyncEnumerable<object> RecordsAsync(IServiceProvider services, object? filter = null);
    public abstract IEnumerable<object?> Row(object record);

    /// <summary>Query parameters that select records (as the list endpoint's filters); none for most resources.</summary>
    public IReadOnlyList<string> FilterParameters { get; init; } = [];

    /// <summary>Reads and checks the filter parameters (an ApiInputException for bad input); null when none is given.</summary>
    public Func<QueryReader, IServiceProvider, Task<object?>>? ReadFilterAsync { get; init; }
}

public sealed class ExportResource<T>(string name, Func<IServiceProvider, IAsyncEnumerable<T>> records, params (string Header, Func<T, object?> Value)[] columns)
    : ExportResource where T : notnull
{
    public override string Name => name;
    public override Type RecordType => typeof(T);
    public override IReadOnlyList<string> Headers { get; } = columns.Select(c => c.Header).ToList();

    /// <summary>The records of a selection, for resources with filter parameters.</summary>
    public Func<IServiceProvider, object, IAsyncEnumerable<T>>? Selected { get; init; }

    public override async IAsyncEnumerable<object> RecordsAsync(IServiceProvider services, object? filter = null)
    {
        await foreach (var record in filter is null ? records(services) : Selected!(services, filter)) yield return record;
    }

    public override IEnumerable<object?> Row(object record) => columns.Select(c => c.Value((T)record));
}

public static class ExportCatalog
{
    private static string Join<T>(IEnumerable<T> values, Func<T, string> text) => string.Join("; ", values.Select(text));

    /// <summary>Pages through a keyset listing until it is exhausted.</summary>
    private static async IAsyncEnumerable<TOut> Pages<TRow, TOut>(Func<Cursor?, Task<IReadOnlyList<TRow>>> page, Func<TRow, Cursor> cursorOf,
        Func<IReadOnlyList<TRow>, Task<IReadOnlyList<TOut>>> assemble)
    {
        Cursor? cursor = null;
        while (true)
        {
            var rows = await page(cursor);
            foreach (var item in await assemble(rows)) yield return item;
            if (rows.Count < ExportResource.Batch) yield break;
            cursor = cursorOf(rows[^1]);
        }
    }

    private static T Get<T>(this IServiceProvider services) where T : notnull => services.GetRequiredService<T>();

    public static readonly IReadOnlyList<ExportResource> Resources =
    [
        new ExportResource<SampleDto>("samples",
            s => Pages<SampleRow, SampleDto>(c => s.Get<SampleQueries>().ListAsync(new(null, null, null), (int)(c?.Id ?? 0), ExportResource.Batch),
                r => new Cursor(null, r.Number, ""), rows => s.Get<SampleReader>().AssembleAsync(rows)),
            ("number", x => x.Number), ("slug", x => x.Slug), ("title_zh", x => x.Title.Zh), ("title_en", x => x.Title.En),
            ("theme", x => x.Theme.Slug), ("theme_zh", x => x.Theme.Name.Zh), ("theme_inferred", x => x.Theme.Inferred),
            ("regions", x => Join(x.Regions, r => r.Slug)), ("regions_zh", x => Join(x.Regions, r => r.Name.Zh)),
            ("summary_zh", x => x.Summary.Zh), ("summary_en", x => x.Summary.En), ("measures_zh", x => Join(x.Measures, m => m.Zh)),
            ("firsts", x => Join(x.Firsts, f => f.Quote)), ("reforms", x => Join(x.Reforms, r => r.Slug)), ("figure_count", x => x.Figures.Count),
            ("sources", x => Join(x.Sources, s => s.Id)), ("url", x => x.Url),
            // Appended (columns keep their order): how an inferred value was inferred, as the JSON says.
            ("theme_basis", x => x.Theme.Basis)),

        new ExportResource<ReformDto>("reforms",
            s => Pages<ReformRow, ReformDto>(c => s.Get<ReformQueries>().ListAsync(new(null, null, null, null, null, null, null), ReformQueries.Sorts["id"], c, ExportResource.Batch),
                r => new Cursor(r.SortKey, r.Id, ""), rows => s.Get<ReformReader>().AssembleAsync(rows)),
            ("slug", x => x.Slug), ("name_zh", x => x.Name.Zh), ("name_en", x => x.Name.En), ("region", x => x.Region.Slug), ("region_zh", x => x.Region.Name.Zh),
            ("start_year", x => x.StartYear?.Year), ("start_year_inferred", x => x.StartYear?.Inferred), ("pilot_level", x => x.PilotLevel?.Level),
            ("firsts", x => Join(x.Firsts, f => f.Claim)), ("firsts_quotes", x => Join(x.Firsts, f => f.Quote)),
            ("themes", x => Join(x.Themes, t => t.Slug)), ("themes_inferred", x => x.ThemesInferred), ("samples", x => Join(x.Samples, s => s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ("description_zh", x => x.Description.Zh), ("description_en", x => x.Description.En), ("figure_count", x => x.Figures.Count),
            ("sources", x => Join(x.Sources, s => s.Id)), ("url", x => x.Url),
            ("start_year_basis", x => x.StartYear?.Basis), ("themes_basis", x => x.ThemesBasis)),

        new ExportResource<FigureDto>("figures",
            s => Figures(s, new(null, null, null, null, null, null, null, null, null)),
            ("id", x => x.Id), ("subject_type", x => x.Subject.Type), ("subject", x => x.Subject.Key), ("region", x => x.Region.Slug), ("region_zh", x => x.Region.Name.Zh),
            ("indicator_zh", x => x.Indicator.Zh), ("indicator_en", x => x.Indicator.En), ("value", x => x.Value), ("value_text", x => x.ValueText), ("unit", x => x.Unit),
            ("base_value", x => x.BaseValue), ("base_unit", x => x.BaseUnit), ("qualifier", x => x.Qualifier), ("qualifier_text", x => x.QualifierText),
            ("period", x => x.Period), ("year", x => x.Year), ("period_inferred", x => x.PeriodInferred), ("period_basis", x => x.PeriodBasis),
            ("baseline_value", x => x.Baseline?.Value), ("baseline_value_text", x => x.Baseline?.ValueText), ("baseline_unit", x => x.Baseline?.Unit),
            ("baseline_period", x => x.Baseline?.Period), ("change", x => x.Baseline?.Change), ("change_percent", x => x.Baseline?.ChangePercent), ("kind", x => x.Kind),
            ("source", x => x.Citation.SourceId), ("source_title_zh", x => x.Citation.SourceTitle.Zh), ("source_date", x => x.Citation.Date),
            ("quote", x => x.Citation.Quote), ("cite_zh", x => x.Citation.Cite.Zh), ("cite_en", x => x.Citation.Cite.En),
            ("passage_url", x => x.Citation.PassageUrl), ("url", x => x.Url),
            // Empty unless the export asks for retracted figures (include=retracted): then a retracted row says so.
            ("retracted_at", x => x.Retraction?.At), ("retracted_by", x => x.Retraction?.By), ("retraction_comment", x => x.Retraction?.Comment))
        {
            // /api/v1/export/figures.csv?region=ruian&year=2022: the selection the figures explorer shows, as a spreadsheet.
            FilterParameters = FigureEndpoints.FilterParameters,
            ReadFilterAsync = async (q, s) => FigureEndpoints.FilterParameters.Any(p => q.String(p, 200) is not null)
                ? (await FigureEndpoints.ReadFilterAsync(q, s.Get<RegionQueries>(), s.Get<ReformQueries>(), s.Get<Vocabulary>())).Filter : null,
            Selected = (s, filter) => Figures(s, (FigureQueries.Filter)filter),
        },

        new ExportResource<RegionDto>("regions",
            s => Pages<RegionRow, RegionDto>(c => s.Get<RegionQueries>().ListAsync(new(null, null), RegionQueries.Sorts["path"], c, ExportResource.Batch),
                r => new Cursor(r.SortKey, r.Id, ""), rows => RegionEndpoints.AssembleAsync(s.Get<RegionQueries>(), rows)),
            ("slug", x => x.Slug), ("code", x => x.Code), ("name_zh", x => x.Name.Zh), ("name_en", x => x.Name.En), ("level", x => x.Level),
            ("parent", x => x.Parent?.Slug), ("samples", x => x.Counts.Samples), ("reforms", x => x.Counts.Reforms), ("figures", x => x.Counts.Figures), ("url", x => x.Url)),

        new ExportResource<ThemeDto>("themes",
            s => Once(async () => (await s.Get<ThemeQueries>().ListAsync()).Select(ThemeDto.From)),
            ("slug", x => x.Slug), ("name_zh", x => x.Name.Zh), ("name_en", x => x.Name.En), ("kind", x => x.Kind),
            ("samples", x => x.SampleCount), ("reforms", x => x.ReformCount), ("url", x => x.Url)),

        new ExportResource<MilestoneDto>("milestones",
            s => Pages<MilestoneRow, MilestoneDto>(c => s.Get<MilestoneQueries>().ListAsync(new(null, null, null, null), MilestoneQueries.Sorts["id"], c, ExportResource.Batch),
                r => new Cursor(r.SortKey, r.Id, ""), rows => Task.FromResult<IReadOnlyList<MilestoneDto>>(rows.Select(MilestoneDto.From).ToList())),
            ("slug", x => x.Slug), ("date", x => x.Date), ("date_precision", x => x.DatePrecision), ("date_inferred", x => x.DateInferred),
            ("title_zh", x => x.Title.Zh), ("title_en", x => x.Title.En), ("region", x => x.Region.Slug), ("source", x => x.Citation.SourceId),
            ("quote", x => x.Citation.Quote), ("cite_zh", x => x.Citation.Cite.Zh), ("url", x => x.Url),
            ("date_basis", x => x.DateBasis), ("cite_en", x => x.Citation.Cite.En), ("passage_url", x => x.Citation.PassageUrl)),

        new ExportResource<HonorDto>("honors",
            s => Pages<HonorRow, HonorDto>(c => s.Get<HonorQueries>().ListAsync(new(null, null, null, null, null), HonorQueries.Sorts["id"], c, ExportResource.Batch),
                r => new Cursor(r.SortKey, r.Id, ""), rows => Task.FromResult<IReadOnlyList<HonorDto>>(rows.Select(HonorDto.From).ToList())),
            ("slug", x => x.Slug), ("name_zh", x => x.Name.Zh), ("name_en", x => x.Name.En), ("rank", x => x.Rank), ("year", x => x.Year),
            ("year_inferred", x => x.YearInferred), ("region", x => x.Region.Slug), ("source", x => x.Citation.SourceId), ("quote", x => x.Citation.Quote),
            ("cite_zh", x => x.Citation.Cite.Zh), ("url", x => x.Url),
            ("year_basis", x => x.YearBasis), ("cite_en", x => x.Citation.Cite.En), ("passage_url", x => x.Citation.PassageUrl)),

        new ExportResource<SourceDto>("sources",
            s => Once(async () => (await s.Get<SourceQueries>().ListAsync()).Select(SourceDto.From)),
            ("id", x => x.Id), ("title_zh", x => x.Title.Zh), ("title_en", x => x.Title.En), ("publication", x => x.Publication?.Zh), ("byline", x => x.Byline),
            ("date", x => x.Date), ("date_precision", x => x.DatePrecision), ("date_inferred", x => x.DateInferred), ("date_basis", x => x.DateBasis),
            ("original_url", x => x.OriginalUrl), ("sha256", x => x.Sha256), ("url", x => x.Url)),
    ];

    private static IAsyncEnumerable<FigureDto> Figures(IServiceProvider s, FigureQueries.Filter filter) =>
        Pages<FigureRow, FigureDto>(c => s.Get<FigureQueries>().ListAsync(filter, FigureQueries.Sorts["id"], c, ExportResource.Batch),
            r => new Cursor(r.SortKey, r.Id, ""), rows => Task.FromResult<IReadOnlyList<FigureDto>>(rows.Select(FigureDto.From).ToList()));

    private static async IAsyncEnumerable<T> Once<T>(Func<Task<IEnumerable<T>>> load)
    {
        foreach (var item in await load()) yield return item;
    }
}
