using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Samples;

/// <summary>Assembles full sample records for REST from batched child queries: a constant number of SQL commands per page.</summary>
public sealed class SampleReader(CatalogDb db, FigureQueries figures, SampleQueries samples, ReformsAtVersion reformsAtVersion)
{
    /// <summary>Full records of these rows; with <paramref name="pin"/> (a read pinned to a dataset version) the figures and reforms as they were then.</summary>
    public async Task<IReadOnlyList<SampleDto>> AssembleAsync(IReadOnlyList<SampleRow> rows, VersionPin? pin = null)
    {
        if (rows.Count == 0) return [];
        var numbers = rows.Select(r => (int)r.Number).ToList();
        var pinnedFigures = pin is null ? null : await figures.BySamplesAsync(numbers, pin);
        var pinnedReforms = pin is null ? null : await reformsAtVersion.BySamplesAsOfAsync(numbers, await samples.ReformsAsync(numbers), pin);
        using var connection = db.OpenRead();
        return Assemble(connection, null, rows, pinnedFigures, pinnedReforms);
    }

    /// <summary>
    /// The home page's cards: these samples with only their headline figure (each one's first), which is all a card
    /// shows; assembling every figure with its citations was most of the page's time (403 figures for ten cards).
    /// </summary>
    public IReadOnlyList<SampleDto> AssembleCards(IReadOnlyList<SampleRow> rows)
    {
        using var connection = db.OpenRead();
        return Assemble(connection, null, rows, FigureQueries.FirstBySamples(connection, null, rows.Select(r => (int)r.Number)));
    }

    /// <summary>
    /// On any connection: the request's snapshot, or a write's transaction (where the materialised
    /// documents are rendered as the write leaves the data). <paramref name="figureRows"/>: the figures
    /// when already read (as they were at a pinned version); otherwise the current ones; <paramref name="reformRows"/> likewise.
    /// </summary>
    public static IReadOnlyList<SampleDto> Assemble(System.Data.IDbConnection c, System.Data.IDbTransaction? tx, IReadOnlyList<SampleRow> rows,
        ILookup<int, FigureRow>? figureRows = null, ILookup<int, SampleReformRow>? reformRows = null)
    {
        if (rows.Count == 0) return [];
        var numbers = rows.Select(r => (int)r.Number).ToList();
        var regions = SampleQueries.Regions(c, tx, numbers);
        var measures = SampleQueries.Measures(c, tx, numbers);
        var firsts = SampleQueries.Firsts(c, tx, "sample", numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var reforms = reformRows ?? SampleQueries.Reforms(c, tx, numbers);
        figureRows ??= FigureQueries.BySamples(c, tx, numbers);
        var sourceIds = rows.Select(r => r.SourceId).Concat(figureRows.SelectMany(g => g).Select(f => f.SourceId))
            .Concat(firsts.SelectMany(g => g).Select(f => f.SourceId));
        var sourceRows = SourceQueries.Refs(c, tx, sourceIds);

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
