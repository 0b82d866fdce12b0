using GraphQL.Types;
using RuianSamples.Api.Common;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Themes;

/// <summary>GraphQL's Theme.</summary>
public sealed class ThemeGraphType : ObjectGraphType<ThemeRow>
{
    public const string TypeName = "Theme";

    public ThemeGraphType()
    {
        Name = TypeName;
        Description = "A demonstration area (经济高质量发展先行示范 …) or one of the three gaps (region, urban-rural, income).";
        Interface<NodeInterface>();
        IsTypeOf = o => o is ThemeRow;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Slug));
        Field(x => x.Slug).Description("A readable, stable identifier (the `theme` filter value).");
        Field<NonNullGraphType<LabelGraphType>>("name").Description("The theme's name.").Resolve(c => new Label(c.Source.NameZh, c.Source.NameEn));
        Field(x => x.Kind).Description("demonstration_area or gap.");
        Field<NonNullGraphType<IntGraphType>>("position").Description("The order the article uses.").Resolve(c => (int)c.Source.Position);
        Field<NonNullGraphType<IntGraphType>>("sampleCount").Description("How many practice samples belong to it.").Resolve(c => (int)c.Source.SampleCount);
        Field<NonNullGraphType<IntGraphType>>("reformCount").Description("How many reforms serve it.").Resolve(c => (int)c.Source.ReformCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SampleGraphType>>>>("samples").Description("The practice samples of this theme, by number.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                return loaders.ThemeSampleNumbers.Load(c.Source.Slug).Then(numbers => loaders.Samples.LoadMany(numbers));
            });
    }
}
