using RuianSamples.Api.Citations;
using GraphQL.Types;
using RuianSamples.Api.Common;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Samples;

namespace RuianSamples.Api.Sources;

/// <summary>GraphQL's Source.</summary>
public sealed class SourceGraphType : ObjectGraphType<SourceRefRow>
{
    public const string TypeName = "Source";

    public SourceGraphType()
    {
        Name = TypeName;
        Description = "A source document (a newspaper article or a government report): the only origin of every fact in the catalog.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is SourceRefRow;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("sourceId").Description("The source's catalog id (as in REST /api/v1/sources/{id}).").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<LabelGraphType>>("title").Description("The title; `en` is our translation.").Resolve(c => new Label(c.Source.TitleZh, c.Source.TitleEn));
        Field("publication", x => x.PublicationZh, nullable: true).Description("The publication, as the source names it (Chinese).");
        Field(x => x.Date).Description("Publication date: YYYY, YYYY-MM or YYYY-MM-DD (its precision).");
        Field(x => x.DateInferred).Description("True when the date is inferred rather than printed.");
        Field<NonNullGraphType<StringGraphType>>("url").Description("The REST URL of this source.").Resolve(c => $"/api/v1/sources/{c.Source.Id}");
        Field<NonNullGraphType<StringGraphType>>("htmlUrl").Description("This source as a web page (its text, quotes markable).").Resolve(c => $"/sources/{c.Source.Id}");
        Versions.PinnedGraph.AtVersionField<SourceRefRow, SourceGraphType>(this, "source", "/api/v1/sources/{id}", async (graph, source, pin) => await graph.SourceAsync(source.Id, pin));
        this.CitationAs("this source", c => new CitedRecord("source", c.Source.Id, new Label(c.Source.TitleZh, c.Source.TitleEn), null, c.Source.ToCited()));
    }
}
