using System.Text.Json.Nodes;
using System.Data.Common;
using RuianSamples.Api.Data.Seeding;
using RuianSamples.Api.Partners;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Reforms;

/// <summary>
/// Partner writes of reforms: create (the client chooses the slug) and correct (merge patch on
/// If-Match). The body has the field names of the reform a GET returns; the provenance rules are the
/// seeds' own (<see cref="ProvenanceRules.Reform"/>): the description, the start-year and pilot-level
/// quotes and every claimed first's quote are verbatim in their sources. The key must cover the region.
/// </summary>
public sealed class ReformWriteService(PartnerWriter writer)
{
    public static readonly RecordShape Shape = RecordShape.Of<ReformDto>(
        "slug", "name.zh", "name.en", "region.slug", "startYear.year", "startYear.inferred", "startYear.quote", "startYear.basis",
        "pilotLevel.level", "pilotLevel.quote", "firsts", "themes", "themesInferred", "themesBasis", "description.zh", "description.en",
        "samples", "sourceId");

    // The members of the array fields' items (the rest of a GET item, such as a theme's name and url, is server-computed).
    private static readonly RecordShape FirstShape = RecordShape.Of<FirstClaim>("claim", "scope", "quote", "sourceId");
    private static readonly RecordShape ThemeShape = RecordShape.Of<ThemeLabelRef>("slug");
    private static readonly RecordShape SampleShape = RecordShape.Of<SampleLabelRef>("number");

    /// <summary>The seeds' field names (in rule messages) as this API names them.</summary>
    private static string ApiField(string seedField) => seedField switch
    {
        "region" => "region.slug",
        "start_year" => "startYear.year",
        "start_year_quote" => "startYear.quote",
        "start_year_basis" => "startYear.basis",
        "themes_basis" => "themesBasis",
        "pilot_level" => "pilotLevel.level",
        "pilot_level_quote" => "pilotLevel.quote",
        "description_zh" => "description.zh",
        "source" => "sourceId",
        _ => seedField,
    };

    /// <summary>A partner's quote is normalised as the sources are (line breaks, spaces between CJK characters), then checked verbatim.</summary>
    private static string? Quote(string? text) => text is null ? null : QuoteNormalizer.Normalize(text);

    /// <summary>An array field's items, each read with its own shape; problems are reported as field[i].member.</summary>
    private static List<T>? Items<T>(RecordValues v, string path, RecordShape shape, Func<RecordValues, T> read)
    {
        var node = v.All.GetValueOrDefault(path);
        if (node is null) return null;
        if (node is not JsonArray array)
        {
            v.Violations.Add(new(path, "type", $"{path} must be an array"));
            return null;
        }
        var items = new List<T>();
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item)
            {
                v.Violations.Add(new($"{path}[{i}]", "type", $"{path}[{i}] must be an object"));
                continue;
            }
            var values = shape.Read(item);
            items.Add(read(values));
            v.Violations.AddRange(values.Violations.Select(x => x with { Field = $"{path}[{i}].{x.Field}" }));
        }
        return items;
    }

    private static ReformSeed Read(JsonObject body)
    {
        var v = Shape.Read(body);
        var hasStartYear = v.Present("startYear.year") || v.Present("startYear.inferred") || v.Present("startYear.quote") || v.Present("startYear.basis");
        var hasPilotLevel = v.Present("pilotLevel.level") || v.Present("pilotLevel.quote");
        var firsts = Items(v, "firsts", FirstShape, f => new FirstSeed(f.String("claim", true) ?? "", f.String("scope"), Quote(f.String("quote", true)) ?? "", f.String("sourceId")));
        var themes = Items(v, "themes", ThemeShape, t => t.String("slug", true) ?? "");
        var samples = Items(v, "samples", SampleShape, s => s.Integer("number", true) ?? 0);
        var reform = new ReformSeed(
            v.String("slug", true) ?? "", v.String("name.zh", true) ?? "", v.String("name.en", true) ?? "", v.String("region.slug", true) ?? "",
            hasStartYear ? v.Integer("startYear.year", true) : null, v.Bool("startYear.inferred"), Quote(v.String("startYear.quote")),
            hasPilotLevel ? v.String("pilotLevel.level", true) : null, Quote(v.String("pilotLevel.quote")),
            firsts, themes, v.Bool("themesInferred"), Quote(v.String("description.zh", true)) ?? "", v.String("description.en", true) ?? "",
            samples, v.String("sourceId", true) ?? "", v.String("startYear.basis"), v.String("themesBasis"));
        if (v.Violations.Count > 0) throw WriteRefusal.Invalid(v.Violations, f => f);
        return reform;
    }

    /// <summary>A reform's fields (the shape's paths) from its representation; arrays in the form a body sends them.</summary>
    internal static Dictionary<string, JsonNode?> Values(ReformDto r) => new()
    {
        ["slug"] = r.Slug, ["name.zh"] = r.Name.Zh, ["name.en"] = r.Name.En, ["region.slug"] = r.Region.Slug,
        ["startYear.year"] = r.StartYear?.Year, ["startYear.inferred"] = r.StartYear?.Inferred, ["startYear.quote"] = r.StartYear?.Quote, ["startYear.basis"] = r.StartYear?.Basis,
        ["pilotLevel.level"] = r.PilotLevel?.Level, ["pilotLevel.quote"] = r.PilotLevel?.Quote,
        ["firsts"] = new JsonArray([.. r.Firsts.Select(f => new JsonObject { ["claim"] = f.Claim, ["scope"] = f.Scope, ["quote"] = f.Quote, ["sourceId"] = f.SourceId })]),
        ["themes"] = new JsonArray([.. r.Themes.Select(t => new JsonObject { ["slug"] = t.Slug })]),
        ["themesInferred"] = r.ThemesInferred, ["themesBasis"] = r.ThemesBasis,
        ["description.zh"] = r.Description.Zh, ["description.en"] = r.Description.En,
        ["samples"] = new JsonArray([.. r.Samples.Select(s => new JsonObject { ["number"] = s.Number })]),
        ["sourceId"] = r.SourceId,
    };

    /// <summary>The rules of a seed, then the key's regions.</summary>
    private static void Validate(DbConnection c, DbTransaction tx, ReformSeed reform, PartnerKey key)
    {
        var violations = ProvenanceRules.Reform(reform, PartnerQueries.Lookups(c, tx)).ToList();
        if (violations.Count > 0) throw WriteRefusal.Invalid(violations, ApiField);
        WriteRules.RequireRegion(c, tx, key, reform.Region, "reform");
        foreach (var number in reform.Samples ?? [])
            WriteRules.RequireRelatedRegions(c, tx, reform.Region, PartnerQueries.SampleRegions(c, tx, number), "samples", $"sample {number}");
    }

    /// <summary>The reform as a GET of it answers, read inside the write's transaction.</summary>
    private static ReformDto Representation(DbConnection c, DbTransaction tx, string slug) =>
        ReformReader.Assemble(c, tx, [ReformQueries.BySlug(c, tx, slug)!])[0];

    private static RecordChange Changed(ReformDto reform, string action, string? comment, JsonObject changes, int status,
        IReadOnlyList<(string Type, string Key)>? dependents = null) =>
        new("reform", reform.Slug, reform.Revision, action, comment, changes, status, reform.Url, reform, dependents);

    public Task<WriteResult> CreateAsync(WriteRequest request, JsonObject body) => writer.WriteAsync(request, (c, tx, _) =>
    {
        var reform = Read(body);
        if (ReformQueries.BySlug(c, tx, reform.Slug) is not null)
            throw new WriteRefusal("conflict", $"A reform with the slug '{reform.Slug}' exists already (/api/v1/reforms/{reform.Slug}). Correct it with PATCH, or choose another slug.");
        Validate(c, tx, reform, request.Key);
        ReformQueries.Insert(c, tx, reform);
        SampleQueries.InsertFirsts(c, tx, "reform", reform.Slug, reform.Firsts, reform.Source);
        var created = Representation(c, tx, reform.Slug);
        return Changed(created, "create", null, Shape.Diff(new Dictionary<string, JsonNode?>(), Values(created)), 201);
    });

    public Task<WriteResult> CorrectAsync(WriteRequest request, string slug, Precondition precondition, JsonObject patch) => writer.WriteAsync(request, (c, tx, _) =>
    {
        var row = ReformQueries.BySlug(c, tx, slug) ?? throw new WriteRefusal("not-found", $"No reform has the slug '{slug}'.");
        WriteRules.RequireRegion(c, tx, request.Key, row.RegionSlug, "reform");
        var current = ReformReader.Assemble(c, tx, [row])[0];
        precondition.Check(writer.HashOf(current), row.Revision, $"reform {slug}");
        var comment = WriteRules.RequireComment(patch["comment"]);
        var before = Values(current);
        var reform = Read((JsonObject)RecordShape.MergePatch(Shape.ToJson(before), WriteRules.PatchFields(Shape, patch))!);
        if (reform.Slug != slug)
            throw WriteRefusal.Invalid([new RuleViolation("slug", "immutable", $"the slug is the reform's identifier and stays '{slug}'")], f => f);
        Validate(c, tx, reform, request.Key);
        ReformQueries.Update(c, tx, row.Id, reform, row.Revision + 1);
        SampleQueries.ReplaceFirsts(c, tx, "reform", slug, reform.Firsts, reform.Source);
        var corrected = Representation(c, tx, slug);
        var diff = Shape.Diff(before, Values(corrected));
        if (diff.Count == 0) throw WriteRefusal.Invalid([new RuleViolation("body", "no-change", "the patch changes no field of the reform")], f => f);
        // Records about the reform carry its themes and samples in their search rows.
        var dependents = diff.ContainsKey("themes") || diff.ContainsKey("samples") ? ReformQueries.Dependents(c, tx, row.Id, slug) : null;
        return Changed(corrected, "correct", comment, diff, 200, dependents);
    });
}
