using System.Data;
using RuianSamples.Api.Common;
using RuianSamples.Api.Data;
using RuianSamples.Api.Figures;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Reforms;

/// <summary>Assembles full reform records from batched child queries: a constant number of SQL commands per page.</summary>
public sealed class ReformReader(CatalogDb db, FigureQueries figures, ReformsAtVersion atVersion)
{
    /// <summary>
    /// Full records of these rows; with <paramref name="pin"/> (a read pinned to a dataset version) as
    /// they were then: their own fields and their figures (reforms created since are left out).
    /// </summary>
    public async Task<IReadOnlyList<ReformDto>> AssembleAsync(IReadOnlyList<ReformRow> rows, VersionPin? pin = null)
    {
        if (rows.Count == 0) return [];
        var pinnedFigures = pin is null ? null : await figures.ByReformsAsync(rows.Select(r => r.Id).ToList(), pin);
        IReadOnlyList<ReformDto> current;
        using (var connection = db.OpenRead()) current = Assemble(connection, null, rows, pinnedFigures);
        if (pin is null) return current;
        var then = new List<ReformDto>(current.Count);
        foreach (var reform in current)
            if (await atVersion.AsOfAsync(reform, pin) is { } rebuilt) then.Add(rebuilt);
        return then;
    }

    /// <summary>
    /// On any connection: the request's snapshot, or a partner write's transaction, where the
    /// representation a write answers with (and checks If-Match against) is read as the write sees it.
    /// <paramref name="figureRows"/>: the figures when already read (as they were at a pinned version); otherwise the current ones.
    /// </summary>
    public static IReadOnlyList<ReformDto> Assemble(IDbConnection c, IDbTransaction? tx, IReadOnlyList<ReformRow> rows, ILookup<long, FigureRow>? figureRows = null)
    {
        if (rows.Count == 0) return [];
        var ids = rows.Select(r => r.Id).ToList();
        var themes = ReformQueries.Themes(c, tx, ids);
        var linked = ReformQueries.Samples(c, tx, ids);
        var firsts = SampleQueries.Firsts(c, tx, "reform", rows.Select(r => r.Slug));
        figureRows ??= FigureQueries.ByReforms(c, tx, ids);
        var sourceRows = SourceQueries.Refs(c, tx, rows.Select(r => r.SourceId).Concat(figureRows.SelectMany(g => g).Select(f => f.SourceId))
            .Concat(firsts.SelectMany(g => g).Select(f => f.SourceId)));

        return rows.Select(r =>
        {
            var figs = figureRows[r.Id].Select(FigureDto.From).ToList();
            var sourceIds = new[] { r.SourceId }.Concat(figs.Select(f => f.Citation.SourceId)).Concat(firsts[r.Slug].Select(f => f.SourceId)).Distinct();
            return new ReformDto(
                r.Slug, new Label(r.NameZh, r.NameEn),
                new RegionRef(r.RegionSlug, r.RegionCode, new Label(r.RegionNameZh, r.RegionNameEn), r.RegionLevel, $"/api/v1/regions/{r.RegionSlug}"),
                r.StartYear is { } y ? new StartYear((int)y, r.StartYearInferred, r.StartYearQuote, r.StartYearBasis) : null,
                r.PilotLevel is { } p ? new PilotLevel(p, r.PilotLevelQuote) : null,
                firsts[r.Slug].Select(f => new FirstClaim(f.ClaimZh, f.Scope, f.Quote, f.SourceId)).ToList(),
                themes[r.Id].Select(t => new ThemeLabelRef(t.Slug, new Label(t.NameZh, t.NameEn), $"/api/v1/themes/{t.Slug}")).ToList(),
                r.ThemesInferred, r.ThemesBasis, new Label(r.DescriptionZh, r.DescriptionEn), r.SourceId,
                linked[r.Id].Select(s => new SampleLabelRef((int)s.Number, s.Slug, new Label(s.TitleZh, s.TitleEn), $"/api/v1/samples/{s.Number}")).ToList(),
                figs,
                sourceIds.Where(sourceRows.ContainsKey).Select(id => SampleReader.SourceRefOf(sourceRows[id])).ToList(),
                $"/api/v1/reforms/{r.Slug}", $"/api/v1/reforms/{r.Slug}/citation", r.Revision);
        }).ToList();
    }
}
