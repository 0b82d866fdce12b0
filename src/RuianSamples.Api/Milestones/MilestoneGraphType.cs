using GraphQL.Types;
using RuianSamples.Api.Figures;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Milestones;

/// <summary>GraphQL's Milestone: built on REST's MilestoneDto, so both agree.</summary>
public sealed class MilestoneGraphType : ObjectGraphType<MilestoneDto>
{
    public const string TypeName = "Milestone";

    public MilestoneGraphType()
    {
        Name = TypeName;
        Description = "A dated event (1981 四千精神 first in print …), with the precision of its date and the sentence that states it.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is MilestoneDto;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Slug));
        Field(x => x.Slug).Description("A readable, stable identifier.");
        Field(x => x.Date).Description("YYYY, YYYY-MM or YYYY-MM-DD, as precise as the source.");
        Field(x => x.Year).Description("The year.");
        Field(x => x.DatePrecision).Description("year, month or day.");
        Field(x => x.DateInferred).Description("True when the date is inferred.");
        Field(x => x.DateBasis, nullable: true).Description("How the date was inferred, when it was.");
        Field<NonNullGraphType<LabelGraphType>>("title").Description("What happened.").Resolve(c => c.Source.Title);
        Field<NonNullGraphType<RegionGraphType>>("region").Description("Where it happened.").Resolve(c => c.Loaders().Regions.Load(c.Source.Region.Slug));
        Field<NonNullGraphType<CitationGraphType>>("citation").Description("The source and verbatim sentence.").Resolve(c => c.Source.Citation);
        Field<NonNullGraphType<SourceGraphType>>("source").Description("The source that states it.").Resolve(c => c.Loaders().Sources.Load(c.Source.Citation.SourceId));
        Field(x => x.Url).Description("The REST URL of this milestone.");
    }
}
