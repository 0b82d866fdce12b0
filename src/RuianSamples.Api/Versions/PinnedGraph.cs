using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Versions;

/// <summary>A GraphQL record read at a pinned version (<c>atVersion</c>): its list fields resolve as REST's <c>?version=</c> answers.</summary>
public interface IPinnedRecord
{
    VersionPin Pin { get; }
}

/// <summary>A reform as it was at a pinned version: the row's fields are those of <see cref="Then"/>, REST's pinned representation.</summary>
public sealed class PinnedReform : ReformRow, IPinnedRecord
{
    public required VersionPin Pin { get; init; }
    public required ReformDto Then { get; init; }

    public static PinnedReform Of(ReformRow row, ReformDto then, VersionPin pin) => new()
    {
        Pin = pin, Then = then, Id = row.Id, Slug = then.Slug, NameZh = then.Name.Zh, NameEn = then.Name.En,
        RegionSlug = then.Region.Slug, RegionNameZh = then.Region.Name.Zh, RegionNameEn = then.Region.Name.En, RegionLevel = then.Region.Level, RegionCode = then.Region.Code,
        StartYear = then.StartYear?.Year, StartYearInferred = then.StartYear?.Inferred ?? false, StartYearQuote = then.StartYear?.Quote, StartYearBasis = then.StartYear?.Basis,
        PilotLevel = then.PilotLevel?.Level, PilotLevelQuote = then.PilotLevel?.Quote, ThemesInferred = then.ThemesInferred, ThemesBasis = then.ThemesBasis,
        DescriptionZh = then.Description.Zh, DescriptionEn = then.Description.En, SourceId = then.SourceId, Revision = then.Revision,
    };

    public IReadOnlyList<FirstRow> Firsts => Then.Firsts
        .Select(f => new FirstRow { SubjectType = "reform", SubjectKey = Slug, ClaimZh = f.Claim, Scope = f.Scope, Quote = f.Quote, SourceId = f.SourceId }).ToList();
}

/// <summary>A sample at a pinned version: its own fields (partners do not write samples), and its lists as REST's pinned representation has them.</summary>
public sealed class PinnedSample : SampleRow, IPinnedRecord
{
    public required VersionPin Pin { get; init; }
    public required SampleDto Then { get; init; }

    private static readonly System.Reflection.PropertyInfo[] RowProperties = typeof(SampleRow).GetProperties().Where(p => p.CanWrite).ToArray();

    /// <summary>The row's every field copied (so a field added to SampleRow is never lost here).</summary>
    public static PinnedSample Of(SampleRow row, SampleDto then, VersionPin pin)
    {
        var pinned = new PinnedSample { Pin = pin, Then = then };
        foreach (var property in RowProperties) property.SetValue(pinned, property.GetValue(row));
        return pinned;
    }
}

/// <summary>
/// Reads records at a pinned version for GraphQL, with REST's rebuild (<see cref="ReformReader"/>,
/// <see cref="SampleReader"/>), so <c>atVersion</c> and <c>?version=</c> can never disagree.
/// </summary>
public sealed class PinnedGraph(ReformQueries reforms, ReformReader reformReader, SampleQueries samples, SampleReader sampleReader, SourceQueries sources)
{
    /// <summary>The reforms with these slugs at the pinned version, in the order given; those created later are left out.</summary>
    public async Task<IReadOnlyList<PinnedReform>> ReformsAsync(IReadOnlyList<string> slugs, VersionPin pin)
    {
        var rows = (await reforms.BySlugsAsync(slugs)).Where(r => !CreatedAfter(pin, "reform", r.Slug)).ToDictionary(r => r.Slug);
        var ordered = slugs.Where(rows.ContainsKey).Select(s => rows[s]).ToList();
        var then = await reformReader.AssembleAsync(ordered, pin);
        return ordered.Zip(then, (row, dto) => PinnedReform.Of(row, dto, pin)).ToList();
    }

    /// <summary>The samples with these numbers at the pinned version, in the order given.</summary>
    public async Task<IReadOnlyList<PinnedSample>> SamplesAsync(IReadOnlyList<int> numbers, VersionPin pin)
    {
        var rows = (await samples.ByNumbersAsync(numbers)).ToDictionary(r => (int)r.Number);
        var ordered = numbers.Where(rows.ContainsKey).Select(n => rows[n]).ToList();
        var then = await sampleReader.AssembleAsync(ordered, pin);
        return ordered.Zip(then, (row, dto) => PinnedSample.Of(row, dto, pin)).ToList();
    }

    /// <summary>The source at the pinned version (partners add sources, never correct them); null when it was added later.</summary>
    public async Task<SourceRefRow?> SourceAsync(string id, VersionPin pin) =>
        CreatedAfter(pin, "source", id) ? null : (await sources.RefsAsync([id])).GetValueOrDefault(id);

    private static bool CreatedAfter(VersionPin pin, string type, string key) => pin.After(type, key).Any(r => r.Action == "create");

    /// <summary>
    /// Adds <c>atVersion(version:)</c> to a record type: the record as REST's <c>?version=</c> answers it,
    /// null when it did not exist yet; a bad version is BAD_USER_INPUT with REST's message.
    /// </summary>
    public static void AtVersionField<TSource, TGraphType>(ObjectGraphType<TSource> type, string what, string rest, Func<PinnedGraph, TSource, VersionPin, Task<object?>> read)
        where TGraphType : IGraphType
    {
        type.Field<TGraphType>("atVersion")
            .Description($"This {what} as it was at a dataset version (REST: {rest}?version=), rebuilt from the revisions since; null when it did not exist yet. "
                + "Its lists (figures, firsts, themes, samples, reforms, sources) are as they were; a malformed version, one newer than the current, "
                + "or one before the import that stands is an error (BAD_USER_INPUT), as REST's 400/404.")
            .Argument<NonNullGraphType<StringGraphType>>("version", "A dataset version: 1, 2, 3 … (the query versions lists them).")
            .ResolveAsync(async c =>
            {
                var services = c.RequestServices!;
                var pin = await services.GetRequiredService<DatasetVersions>().PinAsync(c.GetArgument<string>("version"));
                return pin is null ? c.Source : await read(services.GetRequiredService<PinnedGraph>(), c.Source, pin);
            });
    }

    /// <summary>A value still being read, as a pending result GraphQL.NET waits for.</summary>
    public static IDataLoaderResult Later<T>(Task<T> task) => new Pending<T>(task);

    private sealed class Pending<T>(Task<T> task) : IDataLoaderResult
    {
        public async Task<object?> GetResultAsync(CancellationToken cancellationToken = default) => await task;
    }
}
