using System.Globalization;
using GraphQL;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Honors;
using RuianSamples.Api.Milestones;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Search;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// The batch loaders of one request (registered scoped). Every parent→child field resolves through
/// one of these, so a query costs one SQL statement per relation and level, whatever the number of parents.
/// Relations are loaded as key lists, then the records by key, so each record type has one loader.
/// </summary>
public sealed class CatalogLoaders(
    SampleQueries samples, SampleGraphQueries sampleLinks, FigureQueries figures, SourceQueries sources, RegionQueries regions,
    ThemeQueries themes, ReformQueries reforms, ReformGraphQueries reformLinks, MilestoneQueries milestones, HonorQueries honors,
    SearchQueries search, Partners.PartnerQueries partners, ReferenceRecords reference, IHttpContextAccessor http)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    // The plain path (bench/ and the equivalence tests) reads every record from the database; so does a request
    // once it wrote (its snapshot is no longer the version the shared records are kept for).
    private bool _plain = http.HttpContext is { } context && Bench.BenchOptions.WantsPlainGraphQL(context);

    private Task<IReadOnlyDictionary<TKey, TValue>> Reference<TKey, TValue>(
        VersionedRecords<TKey, TValue> records, IReadOnlyList<TKey> keys, Func<IReadOnlyList<TKey>, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
        where TKey : notnull => _plain ? fetch(keys) : records.GetAsync(keys, fetch);

    // Records by key.
    public BatchLoader<int, SampleRow?> Samples { get; } = new(async (keys, _) =>
        (await samples.ByNumbersAsync(keys)).ToDictionary(s => (int)s.Number, s => (SampleRow?)s), null);

    // RegionQueries keeps every region per dataset version itself, for REST and the site as well.
    public BatchLoader<string, RegionRow?> Regions { get; } = new(async (keys, _) =>
        (await regions.BySlugsAsync(keys)).ToDictionary(r => r.Slug, r => (RegionRow?)r), null);

    public BatchLoader<string, ThemeRow?> Themes { get; } = new(async (keys, _) =>
        (await themes.BySlugsAsync(keys)).ToDictionary(t => t.Slug, t => (ThemeRow?)t), null);

    public BatchLoader<long, ReformRow?> Reforms { get; } = new(async (keys, _) =>
        (await reforms.ByIdsAsync(keys)).ToDictionary(r => r.Id, r => (ReformRow?)r), null);

    public BatchLoader<string, SourceRefRow?> Sources => _sources ??= new(async (keys, _) =>
        (await Reference(reference.Sources, keys, sources.RefsAsync)).ToDictionary(p => p.Key, p => (SourceRefRow?)p.Value), null);

    private BatchLoader<string, SourceRefRow?>? _sources;

    public BatchLoader<string, ReformRow?> ReformsBySlug { get; } = new(async (keys, _) =>
        (await reforms.BySlugsAsync(keys)).ToDictionary(r => r.Slug, r => (ReformRow?)r), null);

    public BatchLoader<string, FigureDto?> Figures { get; } = new(async (keys, _) =>
        (await figures.ByKeysAsync(keys)).ToDictionary(f => f.Key, f => (FigureDto?)FigureDto.From(f)), null);

    public BatchLoader<string, MilestoneRow?> Milestones { get; } = new(async (keys, _) =>
        (await milestones.BySlugsAsync(keys)).ToDictionary(m => m.Slug, m => (MilestoneRow?)m), null);

    public BatchLoader<string, HonorRow?> Honors { get; } = new(async (keys, _) =>
        (await honors.BySlugsAsync(keys)).ToDictionary(h => h.Slug, h => (HonorRow?)h), null);

    /// <summary>Source passages (search results) by key, e.g. "s001-12".</summary>
    public BatchLoader<string, SourcePassage?> Passages { get; } = new(async (keys, _) =>
        (await search.PassagesAsync(keys)).ToDictionary(p => p.Key, p => (SourcePassage?)p), null);

    // Sample relations.
    public BatchLoader<int, IReadOnlyList<string>> SampleRegionSlugs { get; } = Lists<int, string>(sampleLinks.RegionSlugsAsync);

    public BatchLoader<int, IReadOnlyList<Label>> SampleMeasures { get; } = Lists<int, Label>(async keys =>
        (await samples.MeasuresAsync(keys)).SelectMany(g => g).ToLookup(m => (int)m.SampleNumber, m => new Label(m.TextZh, m.TextEn)));

    public BatchLoader<int, IReadOnlyList<FirstRow>> SampleFirsts { get; } = Lists<int, FirstRow>(async keys =>
        (await samples.FirstsAsync("sample", keys.Select(k => k.ToString(Invariant)))).SelectMany(g => g)
            .ToLookup(f => int.Parse(f.SubjectKey, Invariant)));

    public BatchLoader<int, IReadOnlyList<FigureDto>> SampleFigures { get; } = Lists<int, FigureDto>(async keys =>
        (await figures.BySamplesAsync(keys)).SelectMany(g => g).ToLookup(f => (int)f.SampleNumber!.Value, FigureDto.From));

    public BatchLoader<int, IReadOnlyList<string>> SampleSourceIds { get; } = Lists<int, string>(sampleLinks.SourceIdsAsync);

    public BatchLoader<int, IReadOnlyList<ReformRow>> SampleReforms { get; } = Lists<int, ReformRow>(reforms.BySamplesAsync);

    // Reform relations.
    public BatchLoader<long, IReadOnlyList<string>> ReformThemeSlugs { get; } = Lists<long, string>(async keys =>
        (await reforms.ThemesAsync(keys)).SelectMany(g => g).ToLookup(t => t.ReformId, t => t.Slug));

    public BatchLoader<long, IReadOnlyList<int>> ReformSampleNumbers { get; } = Lists<long, int>(async keys =>
        (await reforms.SamplesAsync(keys)).SelectMany(g => g).ToLookup(s => s.ReformId, s => (int)s.Number));

    public BatchLoader<long, IReadOnlyList<FigureDto>> ReformFigures { get; } = Lists<long, FigureDto>(async keys =>
        (await figures.ByReformsAsync(keys)).SelectMany(g => g).ToLookup(f => f.ReformId!.Value, FigureDto.From));

    public BatchLoader<string, IReadOnlyList<FirstRow>> ReformFirsts { get; } = Lists<string, FirstRow>(async keys =>
        (await samples.FirstsAsync("reform", keys)).SelectMany(g => g).ToLookup(f => f.SubjectKey));

    public BatchLoader<long, IReadOnlyList<string>> ReformSourceIds { get; } = Lists<long, string>(reformLinks.SourceIdsAsync);

    // Revisions made through the API (Figure.history, Reform.history).
    public BatchLoader<string, IReadOnlyList<Partners.RevisionDto>> FigureHistory { get; } = Lists<string, Partners.RevisionDto>(async keys =>
        (await partners.HistoriesAsync("figure", keys)).SelectMany(g => g).ToLookup(r => r.RecordKey, Partners.RevisionDto.From));

    public BatchLoader<string, IReadOnlyList<Partners.RevisionDto>> ReformHistory { get; } = Lists<string, Partners.RevisionDto>(async keys =>
        (await partners.HistoriesAsync("reform", keys)).SelectMany(g => g).ToLookup(r => r.RecordKey, Partners.RevisionDto.From));

    // Region and theme relations.
    public BatchLoader<string, IReadOnlyList<RegionRow>> RegionChildren { get; } = Lists<string, RegionRow>(regions.ChildrenAsync);

    public BatchLoader<string, IReadOnlyList<int>> RegionSampleNumbers { get; } = Lists<string, int>(sampleLinks.ByRegionsAsync);

    public BatchLoader<string, IReadOnlyList<long>> RegionReformIds { get; } = Lists<string, long>(reformLinks.IdsByRegionsAsync);

    public BatchLoader<string, IReadOnlyList<int>> ThemeSampleNumbers { get; } = Lists<string, int>(sampleLinks.ByThemesAsync);

    /// <summary>After a mutation's write committed: what this request loaded before it is forgotten (a later field reads the new data).</summary>
    public void Clear()
    {
        _plain = true;
        foreach (var property in typeof(CatalogLoaders).GetProperties())
            if (property.GetValue(this) is IBatchLoader loader) loader.Clear();
    }

    private static BatchLoader<TKey, IReadOnlyList<TValue>> Lists<TKey, TValue>(Func<IReadOnlyList<TKey>, Task<ILookup<TKey, TValue>>> fetch)
        where TKey : notnull =>
        new(async (keys, _) => (await fetch(keys)).ToDictionary(g => g.Key, g => (IReadOnlyList<TValue>)g.ToList()), []);
}

public static class CatalogLoaderExtensions
{
    /// <summary>This request's loaders.</summary>
    public static CatalogLoaders Loaders(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<CatalogLoaders>();
}
