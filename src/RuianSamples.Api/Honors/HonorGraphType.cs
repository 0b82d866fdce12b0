using GraphQL.Types;
using RuianSamples.Api.Figures;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Honors;

/// <summary>GraphQL's Honor: built on REST's HonorDto, so both agree.</summary>
public sealed class HonorGraphType : ObjectGraphType<HonorDto>
{
    public const string TypeName = "Honor";

    public HonorGraphType()
    {
        Name = TypeName;
        Description = "An honor, title or ranking on a named list (中国百强县 第20位, 最具幸福感城市 …), with the sentence that states it.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is HonorDto;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Slug));
        Field(x => x.Slug).Description("A readable, stable identifier.");
        Field<NonNullGraphType<LabelGraphType>>("name").Description("The honor or list, as the source names it.").Resolve(c => c.Source.Name);
        Field(x => x.Rank, nullable: true).Description("The place on the list, when the source gives one.");
        Field(x => x.Year, nullable: true).Description("The year of the honor, when known.");
        Field(x => x.YearInferred).Description("True when the year is inferred.");
        Field(x => x.YearBasis, nullable: true).Description("How the year was inferred, when it was.");
        Field<NonNullGraphType<RegionGraphType>>("region").Description("The place honored.").Resolve(c => c.Loaders().Regions.Load(c.Source.Region.Slug));
        Field<NonNullGraphType<CitationGraphType>>("citation").Description("The source and verbatim sentence.").Resolve(c => c.Source.Citation);
        Field<NonNullGraphType<SourceGraphType>>("source").Description("The source that states it.").Resolve(c => c.Loaders().Sources.Load(c.Source.Citation.SourceId));
        Field(x => x.Url).Description("The REST URL of this honor.");
    }
}
