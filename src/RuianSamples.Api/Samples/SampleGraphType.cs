using RuianSamples.Api.Citations;
using GraphQL.Types;
using RuianSamples.Api.Common;
using RuianSamples.Api.Figures;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Themes;
using RuianSamples.Api.Sources;
using RuianSamples.Api.Versions;

namespace RuianSamples.Api.Samples;

/// <summary>GraphQL's PracticeSample: the REST sample record as a graph; every relation goes through a batch loader.</summary>
public sealed class SampleGraphType : ObjectGraphType<SampleRow>
{
    public const string TypeName = "PracticeSample";

    public SampleGraphType()
    {
        Name = TypeName;
        Description = "One of Wenzhou's ten common-prosperity practice samples (温州共同富裕十大实践样本), numbered 1-10 as the source article lists them.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is SampleRow;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Number));
        Field<NonNullGraphType<IntGraphType>>("number").Description("The sample's number, 1-10.").Resolve(c => (int)c.Source.Number);
        Field(x => x.Slug).Description("A readable, stable identifier (usable in sample(slug:) and in REST URLs).");
        Field<NonNullGraphType<LabelGraphType>>("title").Description("The sample's title.").Resolve(c => new Label(c.Source.TitleZh, c.Source.TitleEn));
        Field<NonNullGraphType<LabelGraphType>>("summary").Description("What the sample is, in a few sentences, from the source article.")
            .Resolve(c => new Label(c.Source.SummaryZh, c.Source.SummaryEn));
        Field(x => x.ThemeInferred).Description("True when the theme is not stated for this sample but inferred (from the article's section headers).");
        Field(x => x.ThemeBasis, nullable: true).Description("How the theme was inferred, when it was.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RegionGraphType>>>>("regions")
            .Description("The lead regions, in the order the source names them.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return loaders.SampleRegionSlugs.Load((int)c.Source.Number).Then(slugs => loaders.Regions.LoadMany(slugs));
            });
        Field<NonNullGraphType<ThemeGraphType>>("theme").Description("The demonstration area (theme) the sample belongs to.")
            .Resolve(c => c.Loaders().Themes.Load(c.Source.ThemeSlug));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<LabelGraphType>>>>("measures")
            .Description("The measures taken, in the source's order.")
            .Resolve(c => c.Loaders().SampleMeasures.Load((int)c.Source.Number));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FirstClaimGraphType>>>>("firsts")
            .Description("Claimed \"firsts\" (全国首创, 率全省之先 …), each with its verbatim quote.")
            .Resolve(c => c.Loaders().SampleFirsts.Load((int)c.Source.Number));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FigureGraphType>>>>("figures")
            .Description("The figures the sources state about this sample, each with its quote and citation.")
            .Resolve(c => c.Source is PinnedSample pinned ? pinned.Then.Figures : c.Loaders().SampleFigures.Load((int)c.Source.Number));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SourceGraphType>>>>("sources")
            .Description("Every source this record cites: the sample's own article first, then those of its figures and firsts.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return c.Source is PinnedSample pinned
                    ? loaders.Sources.LoadMany(pinned.Then.Sources.Select(s => s.Id))
                    : loaders.SampleSourceIds.Load((int)c.Source.Number).Then(ids => loaders.Sources.LoadMany(ids));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReformGraphType>>>>("reforms")
            .Description("Rui'an reforms linked to this sample.")
            .Resolve(c => c.Source is PinnedSample pinned
                ? PinnedGraph.Later(c.RequestServices!.GetRequiredService<PinnedGraph>().ReformsAsync(pinned.Then.Reforms.Select(r => r.Slug).ToList(), pinned.Pin))
                : c.Loaders().SampleReforms.Load((int)c.Source.Number));
        Field<NonNullGraphType<StringGraphType>>("url").Description("The REST URL of this sample.").Resolve(c => $"/api/v1/samples/{c.Source.Number}");
        Field<NonNullGraphType<StringGraphType>>("htmlUrl").Description("This sample as a web page.").Resolve(c => $"/samples/{c.Source.Number}");
        PinnedGraph.AtVersionField<SampleRow, SampleGraphType>(this, "sample", "/api/v1/samples/{number}",
            async (graph, sample, pin) => (await graph.SamplesAsync([(int)sample.Number], pin)).FirstOrDefault());
        this.CitationAs("this sample", c => c.Loaders().Sources.Load(c.Source.SourceId).Then(s => new CitedRecord("sample",
            c.Source.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), new Label(c.Source.TitleZh, c.Source.TitleEn), null, s!.ToCited())));
    }
}

/// <summary>A claimed first.</summary>
public sealed class FirstClaimGraphType : ObjectGraphType<FirstRow>
{
    public FirstClaimGraphType()
    {
        Name = "FirstClaim";
        Description = "A \"first\" the source claims (全国首创, 率全省之先, 温州首家 …), with the sentence that claims it.";
        Field<NonNullGraphType<StringGraphType>>("claim").Description("The claim, in the source's Chinese wording.").Resolve(c => c.Source.ClaimZh);
        Field(x => x.Scope, nullable: true).Description("Where it is a first: national, provincial, municipal or county; null when the text does not say.");
        Field(x => x.Quote).Description("The verbatim quote (a substring of the normalised source text).");
        Field<NonNullGraphType<StringGraphType>>("sourceId").Description("The id of the source that makes the claim.").Resolve(c => c.Source.SourceId);
        Field<NonNullGraphType<SourceGraphType>>("source").Description("The source that makes the claim.")
            .Resolve(c => c.Loaders().Sources.Load(c.Source.SourceId));
    }
}
