using System.Text.Json.Nodes;
using RuianSamples.Api.Common;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;

namespace RuianSamples.Api.Versions;

/// <summary>
/// Reforms as they were at a pinned version: a reform's own fields (name, region, start year, pilot
/// level, claimed firsts with their quotes, themes, samples, description, source) rebuilt by undoing
/// the corrections since, and what other records show of reforms (a sample's reform list, a source's
/// reform count) as it was. Reform revisions store the write shape's paths
/// (<see cref="ReformWriteService.Shape"/>), arrays whole and in the order a GET served them, so the
/// rebuilt representation is the one served then; labels of themes, samples, regions and sources are
/// read now (partners do not write them).
/// </summary>
public sealed class ReformsAtVersion(ReformQueries reforms, RegionQueries regions, ThemeQueries themes, SampleQueries samples, SourceQueries sources)
{
    public const string Type = "reform";

    /// <summary>
    /// The reform as it was at the pinned version, given its representation now with the figures of
    /// that version (<see cref="ReformReader.AssembleAsync"/> with the pin); null when it was created later.
    /// </summary>
    public async Task<ReformDto?> AsOfAsync(ReformDto current, VersionPin pin)
    {
        var then = pin.Rewind(Type, current.Slug, ReformWriteService.Values(current), current.Revision);
        if (then is null) return null;
        if (pin.After(Type, current.Slug).Count == 0) return current;
        var v = ReformWriteService.Shape.Read(ReformWriteService.Shape.ToJson(then.Fields));
        var regionSlug = v.String("region.slug") ?? "";
        var region = regionSlug == current.Region.Slug ? current.Region
            : (await regions.BySlugsAsync([regionSlug])).Select(g => new RegionRef(g.Slug, g.Code, new Label(g.NameZh, g.NameEn), g.Level, $"/api/v1/regions/{g.Slug}")).Single();
        var firsts = Items(then.Fields, "firsts").Select(f => new FirstClaim(Text(f, "claim")!, Text(f, "scope"), Text(f, "quote")!, Text(f, "sourceId")!)).ToList();
        var themeSlugs = Items(then.Fields, "themes").Select(t => Text(t, "slug")!).ToList();
        var themeRows = (await themes.BySlugsAsync(themeSlugs)).ToDictionary(t => t.Slug);
        var numbers = Items(then.Fields, "samples").Select(s => Number(s["number"])).ToList();
        var sampleRows = (await samples.ByNumbersAsync(numbers)).ToDictionary(s => (int)s.Number);
        var sourceId = v.String("sourceId") ?? "";
        // As ReformReader lists them: the reform's own source first, then those of its figures and firsts.
        var sourceIds = new[] { sourceId }.Concat(current.Figures.Select(f => f.Citation.SourceId)).Concat(firsts.Select(f => f.SourceId)).Distinct().ToList();
        var sourceRows = await sources.RefsAsync(sourceIds);
        return current with
        {
            Name = new Label(v.String("name.zh") ?? "", v.String("name.en") ?? ""),
            Region = region,
            StartYear = v.Integer("startYear.year") is { } year ? new StartYear(year, v.Bool("startYear.inferred"), v.String("startYear.quote"), v.String("startYear.basis")) : null,
            PilotLevel = v.String("pilotLevel.level") is { } level ? new PilotLevel(level, v.String("pilotLevel.quote")) : null,
            Firsts = firsts,
            Themes = themeSlugs.Where(themeRows.ContainsKey).Select(s => themeRows[s])
                .Select(t => new ThemeLabelRef(t.Slug, new Label(t.NameZh, t.NameEn), $"/api/v1/themes/{t.Slug}")).ToList(),
            ThemesInferred = v.Bool("themesInferred"),
            ThemesBasis = v.String("themesBasis"),
            Description = new Label(v.String("description.zh") ?? "", v.String("description.en") ?? ""),
            SourceId = sourceId,
            Samples = numbers.Where(sampleRows.ContainsKey).Select(n => sampleRows[n])
                .Select(s => new SampleLabelRef((int)s.Number, s.Slug, new Label(s.TitleZh, s.TitleEn), $"/api/v1/samples/{s.Number}")).ToList(),
            Sources = sourceIds.Where(sourceRows.ContainsKey).Select(id => SampleReader.SourceRefOf(sourceRows[id])).ToList(),
            Revision = then.Revision,
        };
    }

    /// <summary>
    /// The fields a reform's citation names (its name and source id) at the pinned version; null when
    /// it was created later. No rebuild of the whole record: only these fields are undone.
    /// </summary>
    public (Label Name, string SourceId)? CitedAsOf(string slug, Label name, string sourceId, VersionPin pin)
    {
        var then = pin.Rewind(Type, slug, new Dictionary<string, JsonNode?> { ["name.zh"] = name.Zh, ["name.en"] = name.En, ["sourceId"] = sourceId }, 0);
        if (then is null) return null;
        return (new Label(Text(then.Fields, "name.zh")!, Text(then.Fields, "name.en")!), Text(then.Fields, "sourceId")!);
    }

    /// <summary>
    /// The reforms linked to these samples as they were at the pinned version (in reform id order, as a
    /// current read lists them): reforms created since left out, corrections of their samples or names undone.
    /// </summary>
    public async Task<ILookup<int, SampleReformRow>> BySamplesAsOfAsync(IReadOnlyCollection<int> numbers, ILookup<int, SampleReformRow> current, VersionPin pin)
    {
        var changed = pin.ChangedKeys(Type);
        if (changed.Count == 0) return current;
        var changedRows = await reforms.BySlugsAsync(changed);
        var linkedNow = await reforms.SamplesAsync(changedRows.Select(r => r.Id));
        var unchanged = current.SelectMany(g => g).Where(r => !changed.Contains(r.Slug)).ToList();
        var ids = (await reforms.BySlugsAsync(unchanged.Select(r => r.Slug).Distinct())).ToDictionary(r => r.Slug, r => r.Id);
        var rows = unchanged.Select(r => (Id: ids[r.Slug], Row: r)).ToList();
        foreach (var reform in changedRows)
        {
            var now = new Dictionary<string, JsonNode?>
            {
                ["name.zh"] = reform.NameZh, ["name.en"] = reform.NameEn,
                ["samples"] = new JsonArray([.. linkedNow[reform.Id].Select(s => new JsonObject { ["number"] = s.Number })]),
            };
            if (pin.Rewind(Type, reform.Slug, now, reform.Revision) is not { } then) continue;
            foreach (var sample in Items(then.Fields, "samples").Select(s => Number(s["number"])).Where(numbers.Contains))
                rows.Add((reform.Id, new SampleReformRow { SampleNumber = sample, Slug = reform.Slug, NameZh = Text(then.Fields, "name.zh")!, NameEn = Text(then.Fields, "name.en")! }));
        }
        return rows.OrderBy(r => r.Row.SampleNumber).ThenBy(r => r.Id).Select(r => r.Row).ToLookup(r => (int)r.SampleNumber);
    }

    /// <summary>How many reforms named the source as theirs at the pinned version, given how many do now.</summary>
    public async Task<int> CountBySourceAsOfAsync(string sourceId, int now, VersionPin pin)
    {
        var changed = pin.ChangedKeys(Type);
        if (changed.Count == 0) return now;
        foreach (var reform in await reforms.BySlugsAsync(changed))
        {
            if (reform.SourceId == sourceId) now--;
            var then = pin.Rewind(Type, reform.Slug, new Dictionary<string, JsonNode?> { ["sourceId"] = reform.SourceId }, reform.Revision);
            if (then is not null && Text(then.Fields, "sourceId") == sourceId) now++;
        }
        return now;
    }

    private static IEnumerable<JsonObject> Items(IReadOnlyDictionary<string, JsonNode?> fields, string path) =>
        fields.GetValueOrDefault(path) is JsonArray array ? array.OfType<JsonObject>() : [];

    private static string? Text(IReadOnlyDictionary<string, JsonNode?> fields, string path) => fields.GetValueOrDefault(path)?.GetValue<string>();

    // Parsed from a revision or built from a row: read as JSON text either way (as RecordValues does).
    private static int Number(JsonNode? node) => (int)double.Parse(node?.ToJsonString() ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private static string? Text(JsonObject item, string member) => item[member]?.GetValue<string>();
}
