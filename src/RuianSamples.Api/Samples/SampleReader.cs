using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Samples;

/// <summary>Assembles full sample records for REST from batched child queries: a constant number of SQL commands per page.</summary>
public sealed class SampleReader(SampleQueries samples, FigureQueries figures, SourceQueries sources, ReformsAtVersion reformsAtVersion)
{
    /// <summary>Full records of these rows; with <paramref name="pin"/> (a read pinned to a dataset version) the figures and reforms as they were then.</summary>
    public async Task<IReadOnlyList<SampleDto>> AssembleAsync(IReadOnlyList<SampleRow> rows, VersionPin? pin = null)
    {
        if (rows.Count == 0) return [];
        var numbers = rows.Select(r => (int)r.Number).ToList();
        var regions = await samples.RegionsAsync(numbers);
        var measures = await samples.MeasuresAsync(numbers);
        var firsts = await samples.FirstsAsync("sample", numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var reforms = await samples.ReformsAsync(numbers);
        if (pin is not null) reforms = await reformsAtVersion.BySamplesAsOfAsync(numbers, reforms, pin);
        var figureRows = await figures.BySamplesAsync(numbers, pin);
        var sourceIds = rows.Select(r => r.SourceId).Concat(figureRows.SelectMany(g => g).Select(f => f.SourceId))
            .Concat(firsts.SelectMany(g => g).Select(f => f.SourceId));
        var sourceRows = await sources.RefsAsync(sourceIds);

        return rows.Select(r =>
        {
            var n = (int)r.Number;
            var key = n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var figs = figureRows[n].Select(FigureDto.From).ToList();
            var ids = new[] { r.SourceId }.Concat(figs.Select(f => f.Citation.SourceId)).Concat(firsts[key].Select(f => f.SourceId)).Distinct();
            return new SampleDto(
                n, r.Slug, new Label(r.TitleZh, r.TitleEn),
                new ThemeRef(r.ThemeSlug, new Label(r.ThemeNameZh, r.ThemeNameEn), r.ThemeInferred, r.ThemeBasis, $"/api/v1/themes/{r.ThemeSlug}"),
                regions[n].Select(g => new RegionRef(g.Slug, g.Code, new Label(g.NameZh, g.NameEn), g.Level, $"/api/v1/regions/{g.Slug}")).ToList(),
                new Label(r.SummaryZh, r.SummaryEn),
                measures[n].Select(m => new Label(m.TextZh, m.TextEn)).ToList(),
                firsts[key].Select(f => new FirstClaim(f.ClaimZh, f.Scope, f.Quote, f.SourceId)).ToList(),
                reforms[n].Select(x => new ReformRef(x.Slug, new Label(x.NameZh, x.NameEn), $"/api/v1/reforms/{x.Slug}")).ToList(),
                figs,
                ids.Where(sourceRows.ContainsKey).Select(id => sourceRows[id]).Select(SourceRefOf).ToList(),
                $"/api/v1/samples/{n}", $"/api/v1/samples/{n}/citation");
        }).ToList();
    }

    public static SourceRef SourceRefOf(SourceRefRow s) =>
        new(s.Id, new Label(s.TitleZh, s.TitleEn), s.PublicationZh, s.Date, s.DateInferred, $"/api/v1/sources/{s.Id}");
}
