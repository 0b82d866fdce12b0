namespace RuianSamples.Api.Common;

public sealed class FacetRow
{
    public string Facet { get; init; } = "";
    public string Value { get; init; } = "";
    public string? LabelZh { get; init; }
    public string? LabelEn { get; init; }
    public long Count { get; init; }

    public static IReadOnlyDictionary<string, IReadOnlyList<FacetCount>> Group(IEnumerable<FacetRow> rows) =>
        rows.GroupBy(r => r.Facet).ToDictionary(g => g.Key, g => (IReadOnlyList<FacetCount>)g
            .Select(r => new FacetCount(r.Value, r.LabelZh is null ? null : new Label(r.LabelZh, r.LabelEn ?? r.LabelZh), (int)r.Count)).ToList());
}
