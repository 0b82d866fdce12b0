using GraphQL;
using GraphQL.Types;

namespace RuianSamples.Api.GraphQL;

/// <summary>The Relay Node interface: every record has a global ID that node(id) resolves.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "A record with a global ID. Pass the ID to `node(id:)` or `nodes(ids:)` to fetch it again.";
        Field<NonNullGraphType<IdGraphType>>("id").Description("The global ID: base64 of \"Type:key\". Opaque to clients; stable across releases.");
    }
}

/// <summary>The bilingual label every text field uses.</summary>
public sealed class LabelGraphType : ObjectGraphType<Common.Label>
{
    public LabelGraphType()
    {
        Name = "Label";
        Description = "A text in Chinese and English. `zh` is the source's wording; `en` is a RuianSamples translation (pinyin for place names).";
        Field(x => x.Zh).Description("The Chinese text, as the source has it.");
        Field(x => x.En).Description("The English text: a RuianSamples translation, not the source's.");
        Field(x => x.EnIsTranslation).Description("True when `en` is our translation. Always true in this catalog: the sources are Chinese.");
        Field<NonNullGraphType<StringGraphType>>("text")
            .Description("The text in the requested language.")
            .Argument<NonNullGraphType<LanguageGraphType>>("lang", "Which language to return.")
            .Resolve(c => c.GetArgument<string>("lang") == "en" ? c.Source.En : c.Source.Zh);
    }
}

/// <summary>The two languages of labels.</summary>
public sealed class LanguageGraphType : EnumerationGraphType
{
    public LanguageGraphType()
    {
        Name = "Language";
        Description = "A label language.";
        Add("ZH", "zh", "Chinese: the sources' own wording.");
        Add("EN", "en", "English: RuianSamples translations.");
    }
}
