using System.Text.Json;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Materialised;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.GraphQL;

/// <summary>
/// The records a compiled plan reads beneath another record's document (<see cref="ProjectionKind.Related"/>): the
/// samples' stored documents by number (a reform's samples) and every region as a reference with its parent's slug (a
/// region's parent). Both are small (ten samples, a few dozen regions; the synthetic catalogs add neither) and kept per
/// dataset version (<see cref="VersionedCache"/>): a write makes a new version, and the first plan reading it reads them
/// again, on its own snapshot.
/// </summary>
public sealed class RelatedDocuments
{
    public sealed record RegionEntry(JsonElement Reference, string? ParentSlug);

    private readonly IReadOnlyDictionary<string, JsonElement>? _samples;
    private readonly IReadOnlyDictionary<string, RegionEntry>? _regions;

    private RelatedDocuments(IReadOnlyDictionary<string, JsonElement>? samples, IReadOnlyDictionary<string, RegionEntry>? regions)
    {
        _samples = samples;
        _regions = regions;
    }

    public static async Task<RelatedDocuments> ReadAsync(IServiceProvider services, bool samples, bool regions)
    {
        var cache = services.GetRequiredService<VersionedCache>();
        return new RelatedDocuments(
            samples ? await cache.GetOrAddAsync("graphql:sample-documents", () => Task.FromResult(SampleDocuments(services.GetRequiredService<RecordDocumentQueries>()))) : null,
            regions ? await cache.GetOrAddAsync("graphql:region-references", () => RegionReferencesAsync(services.GetRequiredService<RegionQueries>())) : null);
    }

    private static IReadOnlyDictionary<string, JsonElement> SampleDocuments(RecordDocumentQueries documents) =>
        documents.All(RecordDocuments.Sample).ToDictionary(d => d.Key, d => JsonSerializer.Deserialize<JsonElement>(d.Value), StringComparer.Ordinal);

    private static async Task<IReadOnlyDictionary<string, RegionEntry>> RegionReferencesAsync(RegionQueries queries)
    {
        var rows = await queries.AllAsync();
        // The reference the stored documents embed (RegionRef), written by the same serializer, so the bytes are theirs.
        return rows.ToDictionary(r => r.Slug, r => new RegionEntry(
            JsonSerializer.SerializeToElement(new RegionRef(r.Slug, r.Code, new Label(r.NameZh, r.NameEn), r.Level, $"/api/v1/regions/{r.Slug}"), ApiHttpExtensions.Json),
            r.ParentSlug), StringComparer.Ordinal);
    }

    /// <summary>The record a related field reads, or null (a region at the top has no parent); false when it is not known here (the executor's then).</summary>
    public bool TryFind(Relation relation, JsonElement key, out JsonElement? related)
    {
        related = null;
        switch (relation)
        {
            case Relation.SampleByNumber:
                if (_samples is null || key.ValueKind != JsonValueKind.Number || !_samples.TryGetValue(key.GetRawText(), out var sample)) return false;
                related = sample;
                return true;
            case Relation.ParentRegion:
                if (_regions is null || key.ValueKind != JsonValueKind.String || !_regions.TryGetValue(key.GetString()!, out var region)) return false;
                if (region.ParentSlug is null) return true;
                if (!_regions.TryGetValue(region.ParentSlug, out var parent)) return false;
                related = parent.Reference;
                return true;
            default:
                return false;
        }
    }
}
