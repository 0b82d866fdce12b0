using GraphQL.Types;
using RuianSamples.Api.Common;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Regions;

/// <summary>GraphQL's Region.</summary>
public sealed class RegionGraphType : ObjectGraphType<RegionRow>
{
    public const string TypeName = "Region";

    public RegionGraphType()
    {
        Name = TypeName;
        Description = "A place: Wenzhou, its counties and districts, and the Rui'an towns and streets the sources name.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is RegionRow;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Slug));
        Field(x => x.Slug).Description("A readable, stable identifier (pinyin).");
        Field(x => x.Code, nullable: true).Description("The official administrative division code, where we are sure of it.");
        Field<NonNullGraphType<LabelGraphType>>("name").Description("The place name; `en` is pinyin.").Resolve(c => new Label(c.Source.NameZh, c.Source.NameEn));
        Field(x => x.Level).Description("Administrative level: province, city, county, district, town, street …");
        Field<RegionGraphType>("parent").Description("The region this one belongs to; null at the top.")
            .Resolve(c => c.Source.ParentSlug is { } parent ? c.Loaders().Regions.Load(parent) : null);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RegionGraphType>>>>("children").Description("The regions directly below this one.")
            .Resolve(c => c.Loaders().RegionChildren.Load(c.Source.Slug));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SampleGraphType>>>>("samples")
            .Description("Practice samples led by this region or by a region inside it (a county includes its towns), by number.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return loaders.RegionSampleNumbers.Load(c.Source.Slug).Then(numbers => loaders.Samples.LoadMany(numbers));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReformGraphType>>>>("reforms")
            .Description("Reforms of this region or of a region inside it (a county includes its towns).")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return loaders.RegionReformIds.Load(c.Source.Slug).Then(ids => loaders.Reforms.LoadMany(ids));
            });
    }
}
