using RuianSamples.Api.Citations;
using GraphQL.Types;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Themes;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Reforms;

/// <summary>GraphQL's Reform.</summary>
public sealed class ReformGraphType : ObjectGraphType<ReformRow>
{
    public const string TypeName = "Reform";

    public ReformGraphType()
    {
        Name = TypeName;
        Description = "A Rui'an reform or initiative, with its region, start year and pilot level where the sources give them, and its figures.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is ReformRow;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Slug));
        Field(x => x.Slug).Description("A readable, stable identifier (usable in reform(slug:) and in REST URLs).");
        Field<NonNullGraphType<LabelGraphType>>("name").Description("The reform's name.").Resolve(c => new Label(c.Source.NameZh, c.Source.NameEn));
        Field<NonNullGraphType<LabelGraphType>>("description").Description("What the reform does, from the source.")
            .Resolve(c => new Label(c.Source.DescriptionZh, c.Source.DescriptionEn));
        Field<NonNullGraphType<RegionGraphType>>("region").Description("Where the reform is carried out.").Resolve(c => c.Loaders().Regions.Load(c.Source.RegionSlug));
        Field<StartYearGraphType>("startYear").Description("When the reform started, where the source says (or lets us infer) it; null otherwise.")
            .Resolve(c => c.Source.StartYear is { } year ? new StartYear((int)year, c.Source.StartYearInferred, c.Source.StartYearQuote, c.Source.StartYearBasis) : null);
        Field<PilotLevelGraphType>("pilotLevel").Description("The pilot level (national, provincial, municipal) the source names; null when none.")
            .Resolve(c => c.Source.PilotLevel is { } level ? new PilotLevel(level, c.Source.PilotLevelQuote) : null);
        Field(x => x.ThemesInferred).Description("True when the themes are inferred rather than stated.");
        Field(x => x.ThemesBasis, nullable: true).Description("How the themes were inferred, when they were.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ThemeGraphType>>>>("themes").Description("The demonstration areas the reform serves.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return c.Source is PinnedReform pinned
                    ? loaders.Themes.LoadMany(pinned.Then.Themes.Select(t => t.Slug))
                    : loaders.ReformThemeSlugs.Load(c.Source.Id).Then(slugs => loaders.Themes.LoadMany(slugs));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirstClaimGraphType>>>>("firsts").Description("Claimed firsts, each with its quote.")
            .Resolve(c => c.Source is PinnedReform pinned ? pinned.Firsts : c.Loaders().ReformFirsts.Load(c.Source.Slug));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SampleGraphType>>>>("samples").Description("Practice samples this reform is part of.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return c.Source is PinnedReform pinned
                    ? PinnedGraph.Later(c.RequestServices!.GetRequiredService<PinnedGraph>().SamplesAsync(pinned.Then.Samples.Select(s => s.Number).ToList(), pinned.Pin))
                    : loaders.ReformSampleNumbers.Load(c.Source.Id).Then(numbers => loaders.Samples.LoadMany(numbers));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FigureGraphType>>>>("figures").Description("The figures the sources state about this reform.")
            .Resolve(c => c.Source is PinnedReform pinned ? pinned.Then.Figures : c.Loaders().ReformFigures.Load(c.Source.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceGraphType>>>>("sources")
            .Description("Every source this record cites: the reform's own first, then those of its figures and firsts.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return c.Source is PinnedReform pinned
                    ? loaders.Sources.LoadMany(pinned.Then.Sources.Select(s => s.Id))
                    : loaders.ReformSourceIds.Load(c.Source.Id).Then(ids => loaders.Sources.LoadMany(ids));
            });
        Field(x => x.SourceId).Description("The source its description, start-year and pilot-level quotes come from.");
        Field<NonNullGraphType<IntGraphType>>("revision").Description("The reform's revision: 1 as imported or created, one more for each correction.")
            .Resolve(c => (int)c.Source.Revision);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Partners.RevisionGraphType>>>>("history")
            .Description("The revisions made through the API, oldest first (REST /api/v1/reforms/{slug}/history).")
            // At a pinned version: the revisions up to it.
            .Resolve(c => c.Source is PinnedReform pinned
                ? c.Loaders().ReformHistory.Load(c.Source.Slug).Then(h => h.Where(r => r.Revision <= pinned.Revision).ToList())
                : c.Loaders().ReformHistory.Load(c.Source.Slug));
        Field<NonNullGraphType<StringGraphType>>("url").Description("The REST URL of this reform.").Resolve(c => $"/api/v1/reforms/{c.Source.Slug}");
        Field<NonNullGraphType<StringGraphType>>("htmlUrl").Description("This reform as a web page.").Resolve(c => $"/reforms/{c.Source.Slug}");
        PinnedGraph.AtVersionField<ReformRow, ReformGraphType>(this, "reform", "/api/v1/reforms/{slug}",
            async (graph, reform, pin) => (await graph.ReformsAsync([reform.Slug], pin)).FirstOrDefault());
        this.CitationAs("this reform", c => c.Loaders().Sources.Load(c.Source.SourceId).Then(s => new CitedRecord("reform",
            c.Source.Slug, new Label(c.Source.NameZh, c.Source.NameEn), null, s!.ToCited())));
    }
}

/// <summary>A reform's start year.</summary>
public sealed class StartYearGraphType : ObjectGraphType<StartYear>
{
    public StartYearGraphType()
    {
        Name = "StartYear";
        Description = "The year a reform started, and how we know it.";
        Field(x => x.Year).Description("The year.");
        Field(x => x.Inferred).Description("True when inferred (for example from 去年 and the publication date).");
        Field(x => x.Quote, nullable: true).Description("The sentence that gives the year.");
        Field(x => x.Basis, nullable: true).Description("How the year was inferred, when it was.");
    }
}

/// <summary>A reform's pilot level.</summary>
public sealed class PilotLevelGraphType : ObjectGraphType<PilotLevel>
{
    public PilotLevelGraphType()
    {
        Name = "PilotLevel";
        Description = "The level at which a reform is a pilot, with the sentence that says so.";
        Field(x => x.Level).Description("national, provincial or municipal.");
        Field(x => x.Quote, nullable: true).Description("The sentence that names the pilot level.");
    }
}
