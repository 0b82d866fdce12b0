using System.Security.Cryptography;
using System.Text.Json.Nodes;
using RuianSamples.Api.Data.Seeding;
using RuianSamples.Api.Partners;

namespace RuianSamples.Api.Sources;

/// <summary>
/// Partner writes of source documents. The text is stored byte-for-byte and normalised exactly as a
/// seed's (<see cref="QuoteNormalizer"/>), so the quotes of later figures are checked against it.
/// </summary>
public sealed class SourceWriteService(PartnerWriter writer)
{
    public static readonly RecordShape Shape = RecordShape.Of<SourceDto>(
        "id", "title.zh", "title.en", "publication.zh", "publication.en", "byline", "date", "datePrecision", "dateInferred", "dateBasis", "originalUrl", "text");

    private static string ApiField(string seedField) => seedField switch
    {
        "date_precision" => "datePrecision",
        "url" => "originalUrl",
        "slug" => "id",
        _ => seedField,
    };

    public Task<WriteResult> CreateAsync(WriteRequest request, JsonObject body) => writer.WriteAsync(request, (c, tx, _) =>
    {
        var v = Shape.Read(body);
        var id = v.String("id", true) ?? "";
        var text = v.String("text", true) ?? "";
        var manifest = new SourceSeed(id, id + ".txt", id + ".txt", v.String("title.zh", true) ?? "", v.String("title.en", true) ?? "",
            v.String("publication.zh"), v.String("publication.en"), v.String("byline"), v.String("date", true) ?? "", v.String("datePrecision", true) ?? "",
            v.Bool("dateInferred"), v.String("dateBasis"), v.String("originalUrl"));
        if (manifest.DateInferred && string.IsNullOrWhiteSpace(manifest.DateBasis))
            v.Violations.Add(new("dateBasis", "inferred-needs-basis", "dateInferred needs a dateBasis (how the date was worked out)"));
        var violations = v.Violations.Concat(ProvenanceRules.Slug("slug", id)).Concat(ProvenanceRules.Source(manifest)).ToList();
        if (violations.Count > 0) throw WriteRefusal.Invalid(violations, ApiField);
        if (SourceQueries.ById(c, tx, id) is not null)
            throw new WriteRefusal("conflict", $"A source with the id '{id}' exists already (/api/v1/sources/{id}). Choose another id.");
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        SourceQueries.Insert(c, tx, new SourceDocument(manifest, text, QuoteNormalizer.Normalize(text), Convert.ToHexStringLower(SHA256.HashData(bytes))));
        var row = SourceQueries.ById(c, tx, id)!;
        var changes = Shape.Diff(new Dictionary<string, JsonNode?>(), v.All.Where(kv => kv.Key != "text").ToDictionary(kv => kv.Key, kv => kv.Value));
        changes["sha256"] = new JsonObject { ["before"] = null, ["after"] = row.Sha256 };
        return new RecordChange("source", id, 1, "create", null, changes, 201, $"/api/v1/sources/{id}", SourceDto.From(row));
    });
}
