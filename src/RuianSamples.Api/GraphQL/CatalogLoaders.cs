using System.Globalization;
using GraphQL;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// The batch loaders of one request (registered scoped). Every parent→child field resolves through
/// one of these, so a query costs one SQL statement per relation and level, whatever the number of parents.
/// </summary>
public sealed class CatalogLoaders(
    SampleQueries samples, SampleGraphQueries sampleLinks, FigureQueries figures, SourceQueries sources, RegionGraphQueries regions)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public BatchLoader<int, SampleRow?> Samples { get; } = new(async (keys, _) =>
        (await samples.ByNumbersAsync(keys)).ToDictionary(s => (int)s.Number, s => (SampleRow?)s), null);

    public BatchLoader<int, IReadOnlyList<RegionRow>> SampleRegions { get; } = Lists<int, RegionRow>(regions.ForSamplesAsync);

    public BatchLoader<int, IReadOnlyList<Label>> SampleMeasures { get; } = Lists<int, Label>(async keys =>
        (await samples.MeasuresAsync(keys)).SelectMany(g => g).ToLookup(m => (int)m.SampleNumber, m => new Label(m.TextZh, m.TextEn)));

    public BatchLoader<int, IReadOnlyList<FirstRow>> SampleFirsts { get; } = Lists<int, FirstRow>(async keys =>
        (await samples.FirstsAsync("sample", keys.Select(k => k.ToString(Invariant)))).SelectMany(g => g)
            .ToLookup(f => int.Parse(f.SubjectKey, Invariant)));

    public BatchLoader<int, IReadOnlyList<FigureDto>> SampleFigures { get; } = Lists<int, FigureDto>(async keys =>
        (await figures.BySamplesAsync(keys)).SelectMany(g => g).ToLookup(f => (int)f.SampleNumber!.Value, FigureDto.From));

    public BatchLoader<int, IReadOnlyList<string>> SampleSourceIds { get; } = Lists<int, string>(sampleLinks.SourceIdsAsync);

    public BatchLoader<string, RegionRow?> Regions { get; } = new(async (keys, _) =>
    {
        var rows = await regions.BySlugsOrCodesAsync(keys);
        var byKey = new Dictionary<string, RegionRow?>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byKey[row.Slug] = row;
            if (row.Code is not null) byKey[row.Code] = row;
        }
        return byKey;
    }, null);

    public BatchLoader<string, IReadOnlyList<RegionRow>> RegionChildren { get; } = Lists<string, RegionRow>(regions.ChildrenAsync);

    public BatchLoader<string, IReadOnlyList<int>> RegionSampleNumbers { get; } = Lists<string, int>(sampleLinks.ByRegionsAsync);

    public BatchLoader<string, SourceRefRow?> Sources { get; } = new(async (keys, _) =>
        (await sources.RefsAsync(keys)).ToDictionary(p => p.Key, p => (SourceRefRow?)p.Value), null);

    public BatchLoader<string, FigureDto?> Figures { get; } = new(async (keys, _) =>
    {
        var found = new Dictionary<string, FigureDto?>(StringComparer.Ordinal);
        foreach (var key in keys)
            if (await figures.ByKeyAsync(key) is { } row) found[key] = FigureDto.From(row);
        return found;
    }, null);

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
