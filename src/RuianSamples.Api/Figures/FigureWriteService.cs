using System.Text.Json.Nodes;
using System.Data.Common;
using RuianSamples.Api.Data.Seeding;
using RuianSamples.Api.Partners;

namespace RuianSamples.Api.Figures;

/// <summary>
/// Partner writes of figures: create, correct (merge patch on If-Match), retract. The body has the
/// field names of the figure a GET returns; the provenance rules are the seeds' own
/// (<see cref="ProvenanceRules.Figure"/>), and the key must cover the figure's region.
/// </summary>
public sealed class FigureWriteService(PartnerWriter writer)
{
    public static readonly RecordShape Shape = RecordShape.Of<FigureDto>(
        "subject.type", "subject.key", "indicator.zh", "indicator.en", "value", "valueText", "unit", "qualifier", "qualifierText",
        "period", "periodInferred", "periodBasis", "baseline.value", "baseline.valueText", "baseline.unit", "baseline.period",
        "kind", "region.slug", "citation.sourceId", "citation.quote");

    /// <summary>The seeds' field names (in rule messages) as this API names them.</summary>
    private static string ApiField(string seedField) => seedField switch
    {
        "subject_type" => "subject.type",
        "subject" => "subject.key",
        "region" => "region.slug",
        "quote" => "citation.quote",
        "source" => "citation.sourceId",
        "value_text" => "valueText",
        "baseline.value_text" => "baseline.valueText",
        "period_basis" => "periodBasis",
        _ => seedField,
    };

    internal sealed record Input(FigureSeed Figure, string SourceId);

    internal static Input Read(JsonObject body, string key)
    {
        var v = Shape.Read(body);
        var hasBaseline = v.Present("baseline.value") || v.Present("baseline.valueText") || v.Present("baseline.unit") || v.Present("baseline.period");
        var baseline = hasBaseline
            ? new BaselineSeed(v.Number("baseline.value", true) ?? 0, v.String("baseline.valueText", true) ?? "", v.String("baseline.unit"), v.String("baseline.period"))
            : null;
        // A partner's quote is normalised as the sources are (line breaks, spaces between CJK characters), then checked verbatim.
        var quote = v.String("citation.quote", true) is { } q ? QuoteNormalizer.Normalize(q) : "";
        var figure = new FigureSeed(key, v.String("subject.type", true) ?? "", v.String("subject.key", true) ?? "",
            v.String("indicator.zh", true) ?? "", v.String("indicator.en", true) ?? "", v.Number("value", true) ?? 0, v.String("valueText", true) ?? "",
            v.String("unit"), v.String("qualifier", true) ?? "", v.String("qualifierText"), v.String("period"), v.Bool("periodInferred"), v.String("periodBasis"),
            baseline, v.String("kind", true) ?? "", v.String("region.slug", true) ?? "", quote);
        var sourceId = v.String("citation.sourceId", true) ?? "";
        if (v.Violations.Count > 0) throw WriteRefusal.Invalid(v.Violations, f => f);
        return new Input(figure, sourceId);
    }

    /// <summary>A figure's fields (the shape's paths) from its row.</summary>
    internal static Dictionary<string, JsonNode?> Values(FigureRow r) => new()
    {
        ["subject.type"] = r.SubjectType, ["subject.key"] = r.SubjectKey, ["indicator.zh"] = r.IndicatorZh, ["indicator.en"] = r.IndicatorEn,
        ["value"] = r.Value, ["valueText"] = r.ValueText, ["unit"] = r.Unit, ["qualifier"] = r.Qualifier, ["qualifierText"] = r.QualifierText,
        ["period"] = r.Period, ["periodInferred"] = r.PeriodInferred, ["periodBasis"] = r.PeriodBasis,
        ["baseline.value"] = r.BaselineValue, ["baseline.valueText"] = r.BaselineValueText, ["baseline.unit"] = r.BaselineUnit, ["baseline.period"] = r.BaselinePeriod,
        ["kind"] = r.Kind, ["region.slug"] = r.RegionSlug, ["citation.sourceId"] = r.SourceId, ["citation.quote"] = r.Quote,
    };

    /// <summary>The rules of a seed, then the key's regions; returns what the insert or update needs.</summary>
    private static object Validate(DbConnection c, DbTransaction tx, Input input, PartnerKey key, long revision)
    {
        var lookups = PartnerQueries.Lookups(c, tx);
        var violations = ProvenanceRules.Figure(input.Figure, input.SourceId, lookups).ToList();
        if (violations.Count > 0) throw WriteRefusal.Invalid(violations, ApiField);
        WriteRules.RequireRegion(c, tx, key, input.Figure.Region, "figure");
        WriteRules.RequireRelatedRegions(c, tx, input.Figure.Region, PartnerQueries.SubjectRegions(c, tx, input.Figure.SubjectType, input.Figure.Subject),
            "region.slug", $"its subject {input.Figure.SubjectType} '{input.Figure.Subject}'");
        var reformId = input.Figure.SubjectType == "reform" ? PartnerQueries.ReformId(c, tx, input.Figure.Subject) : null;
        return FigureQueries.Columns(input.Figure, input.SourceId, lookups.NormalizedSource(input.SourceId)!, reformId, revision);
    }

    private static RecordChange Changed(string key, long revision, string action, string? comment, JsonObject changes, int status, FigureRow row) =>
        new("figure", key, revision, action, comment, changes, status, $"/api/v1/figures/{key}", FigureDto.From(row));

    public Task<WriteResult> CreateAsync(WriteRequest request, JsonObject body) => writer.WriteAsync(request, (c, tx, _) =>
    {
        var key = FigureQueries.NextKey(c, tx);
        var input = Read(body, key);
        FigureQueries.Insert(c, tx, Validate(c, tx, input, request.Key, 1));
        var row = FigureQueries.ByKey(c, tx, key)!;
        return Changed(key, 1, "create", null, Shape.Diff(new Dictionary<string, JsonNode?>(), Values(row)), 201, row);
    });

    /// <summary>Loads the figure the precondition is about; 404 when there is none, 409 when it is retracted.</summary>
    private FigureRow Current(DbConnection c, DbTransaction tx, string key, Precondition precondition, PartnerKey partner)
    {
        var row = FigureQueries.ByKey(c, tx, key) ?? throw new WriteRefusal("not-found", $"No figure has the identifier '{key}'.");
        WriteRules.RequireRegion(c, tx, partner, row.RegionSlug, "figure");
        precondition.Check(writer.HashOf(FigureDto.From(row)), row.Revision, $"figure {key}");
        if (row.RetractedAt is not null)
            throw new WriteRefusal("conflict", $"The figure {key} was retracted at {row.RetractedAt} by {row.RetractedBy}; a retracted figure is not corrected. Create a new one.");
        return row;
    }

    public Task<WriteResult> CorrectAsync(WriteRequest request, string key, Precondition precondition, JsonObject patch) => writer.WriteAsync(request, (c, tx, _) =>
    {
        var row = Current(c, tx, key, precondition, request.Key);
        var comment = WriteRules.RequireComment(patch["comment"]);
        var changes = WriteRules.PatchFields(Shape, patch);
        var before = Values(row);
        var merged = (JsonObject)RecordShape.MergePatch(Shape.ToJson(before), changes)!;
        var input = Read(merged, key);
        var revision = row.Revision + 1;
        FigureQueries.Update(c, tx, Validate(c, tx, input, request.Key, revision));
        var updated = FigureQueries.ByKey(c, tx, key)!;
        var diff = Shape.Diff(before, Values(updated));
        if (diff.Count == 0) throw WriteRefusal.Invalid([new RuleViolation("body", "no-change", "the patch changes no field of the figure")], f => f);
        return Changed(key, revision, "correct", comment, diff, 200, updated);
    });

    public Task<WriteResult> RetractAsync(WriteRequest request, string key, Precondition precondition, JsonObject body) => writer.WriteAsync(request, (c, tx, _) =>
    {
        var row = Current(c, tx, key, precondition, request.Key);
        var comment = WriteRules.RequireComment(body["comment"]);
        if (body.Select(m => m.Key).FirstOrDefault(m => m != "comment") is { } other)
            throw WriteRefusal.Invalid([new RuleViolation(other, "unknown-member", $"'{other}' is not a member of a retraction (only comment)")], f => f);
        var revision = row.Revision + 1;
        FigureQueries.Retract(c, tx, key, revision, PartnerWriter.Now(), request.Key.Name, comment);
        var updated = FigureQueries.ByKey(c, tx, key)!;
        var changes = new JsonObject { ["retracted"] = new JsonObject { ["before"] = false, ["after"] = true } };
        return Changed(key, revision, "retract", comment, changes, 200, updated);
    });
}
