using RuianSamples.Api.Citations;
using GraphQL;
using System.Globalization;
using GraphQL.Types;
using RuianSamples.Api.GraphQL;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Regions;
using RuianSamples.Api.Samples;
using RuianSamples.Api.Sources;

namespace RuianSamples.Api.Figures;

/// <summary>GraphQL's Figure: built on REST's FigureDto, so both give the same values and citations.</summary>
public sealed class FigureGraphType : ObjectGraphType<FigureDto>
{
    public const string TypeName = "Figure";

    public FigureGraphType()
    {
        Name = TypeName;
        Description = "One observation: a number a source states, with its place, period, unit as written, and the verbatim sentence.";
        Interface<NodeInterface>();
        IsTypeOf = o => o is FigureDto;
        Field<NonNullGraphType<IdGraphType>>("id").Description("Global ID (Node).").Resolve(c => GlobalId.Encode(TypeName, c.Source.Id));
        Field<NonNullGraphType<StringGraphType>>("key").Description("The figure's catalog key (as in REST /api/v1/figures/{key}).").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<FigureSubjectGraphType>>("subject").Description("What the figure is about: a practice sample, a reform or a region.")
            .Resolve(c =>
            {
                var loaders = c.Loaders();
                var subject = c.Source.Subject;
                return subject.Type switch
                {
                    "sample" => loaders.Samples.Load(int.Parse(subject.Key, CultureInfo.InvariantCulture)),
                    "reform" => FigureSubjects.Reform(loaders, subject.Key),
                    _ => (object)loaders.Regions.Load(subject.Key),
                };
            });
        Field<NonNullGraphType<StringGraphType>>("subjectType").Description("sample, reform or region.").Resolve(c => c.Source.Subject.Type);
        Field<NonNullGraphType<LabelGraphType>>("indicator").Description("What is measured.").Resolve(c => c.Source.Indicator);
        Field(x => x.Value).Description("The value as a number, in `unit`.");
        Field(x => x.ValueText).Description("The value exactly as written in the source.");
        Field(x => x.Unit, nullable: true).Description("The unit as written (亿元, 万人次, %, 个 …); null for a bare count.");
        Field(x => x.BaseValue).Description("The value in base units (亿元 → yuan, 万 → ones), for comparing and sorting.");
        Field(x => x.BaseUnit, nullable: true).Description("The base unit of `baseValue`.");
        Field(x => x.Qualifier).Description("exact, more_than (超), over (余/多), nearly (近) or about (约).");
        Field(x => x.QualifierText, nullable: true).Description("The qualifier as written.");
        Field(x => x.Period, nullable: true).Description("The period the figure refers to, as a year, date or range.");
        Field(x => x.Year, nullable: true).Description("The year the figure refers to, when one applies.");
        Field(x => x.PeriodInferred).Description("True when the period is inferred (for example 去年 read against the publication date).");
        Field(x => x.PeriodBasis, nullable: true).Description("How the period was inferred, when it was.");
        Field<BaselineGraphType>("baseline").Description("The before value, when the text gives a before/after pair.").Resolve(c => c.Source.Baseline);
        Field(x => x.Kind).Description("count, amount, share, ratio, rank or duration.");
        Field<NonNullGraphType<RegionGraphType>>("region").Description("The place the figure is about.").Resolve(c => c.Loaders().Regions.Load(c.Source.Region.Slug));
        Field<NonNullGraphType<CitationGraphType>>("citation").Description("Where the figure is stated: source, verbatim quote, offset and a ready-to-cite line.")
            .Resolve(c => c.Source.Citation);
        Field<NonNullGraphType<SourceGraphType>>("source").Description("The source that states the figure.").Resolve(c => c.Loaders().Sources.Load(c.Source.Citation.SourceId));
        Field(x => x.Url).Description("The REST URL of this figure.");
        this.CitationAs("this figure", c => new CitedRecord("figure", c.Source.Id, c.Source.Indicator, c.Source.Citation.Quote, c.Source.Citation.CitedSource(),
            c.Source.Retraction is { } r ? new CitedRetraction(r.At, r.By, r.Comment) : null));
        Field<NonNullGraphType<IntGraphType>>("revision").Description("The figure's revision: 1 as imported or created, one more for each correction or retraction.")
            .Resolve(c => (int)c.Source.Revision);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Partners.RevisionGraphType>>>>("history")
            .Description("The revisions made through the API, oldest first (REST /api/v1/figures/{id}/history).")
            .Resolve(c => c.Loaders().FigureHistory.Load(c.Source.Id));
        Field<FigureGraphType>("atVersion")
            .Description("This figure as it was at a dataset version (REST: /api/v1/figures/{key}?version=), rebuilt from the revisions since; null when it did not exist yet. "
                + "A malformed version, one newer than the current, or one before the import that stands is an error (BAD_USER_INPUT), as REST's 400/404.")
            .Argument<NonNullGraphType<StringGraphType>>("version", "A dataset version: 1, 2, 3 … (REST GET /api/v1/versions lists them).")
            .ResolveAsync(async c =>
            {
                var services = c.RequestServices!;
                var pin = await services.GetRequiredService<Versions.DatasetVersions>().PinAsync(c.GetArgument<string>("version"));
                return await services.GetRequiredService<FigureQueries>().ByKeyAsync(c.Source.Id, pin) is { } row ? FigureDto.From(row) : null;
            });
        Field<RetractionGraphType>("retraction").Description("Set when the figure was retracted: when, by which agency and why. Retracted figures are left out of lists.")
            .Resolve(c => c.Source.Retraction);
    }
}

/// <summary>A figure's retraction.</summary>
public sealed class RetractionGraphType : ObjectGraphType<Retraction>
{
    public RetractionGraphType()
    {
        Name = "Retraction";
        Description = "A figure's retraction: it is never deleted, and says when, by whom and why.";
        Field(x => x.At).Description("When (UTC, ISO 8601).");
        Field(x => x.By).Description("The agency (its key's name) that retracted it.");
        Field(x => x.Comment).Description("Why.");
    }
}

/// <summary>What a figure is about.</summary>
public sealed class FigureSubjectGraphType : UnionGraphType
{
    public FigureSubjectGraphType()
    {
        Name = "FigureSubject";
        Description = "The record a figure is about: a practice sample, a reform or a region.";
        Type<SampleGraphType>();
        Type<RegionGraphType>();
        Type<ReformGraphType>();
    }
}

/// <summary>A before value of a before/after pair (院前急救 10分2秒 → 8分59秒).</summary>
public sealed class BaselineGraphType : ObjectGraphType<Baseline>
{
    public BaselineGraphType()
    {
        Name = "Baseline";
        Description = "The earlier value of a before/after pair, and the change to the figure's value.";
        Field(x => x.Value).Description("The earlier value, in its unit (usually the figure's).");
        Field(x => x.ValueText).Description("The earlier value as written.");
        Field(x => x.Unit, nullable: true).Description("The unit as written.");
        Field(x => x.Period, nullable: true).Description("The period of the earlier value.");
        Field(x => x.Change, nullable: true).Description("value − baseline value; null when the two are in different units.");
        Field(x => x.ChangePercent, nullable: true).Description("The change in percent of the baseline; null when the baseline is 0 or the two are in different units.");
    }
}

/// <summary>A citation, as in REST.</summary>
public sealed class CitationGraphType : ObjectGraphType<Citation>
{
    public CitationGraphType()
    {
        Name = "Citation";
        Description = "Where a fact is stated: the source, the verbatim sentence, its position, and a ready-to-cite line in both languages.";
        Field(x => x.SourceId).Description("The source's catalog id.");
        Field<NonNullGraphType<LabelGraphType>>("sourceTitle").Description("The source's title.").Resolve(c => c.Source.SourceTitle);
        Field(x => x.Publication, nullable: true).Description("The publication (Chinese).");
        Field(x => x.Byline, nullable: true).Description("The byline, when the source prints one.");
        Field(x => x.Date).Description("The source's date: YYYY, YYYY-MM or YYYY-MM-DD.");
        Field(x => x.DateInferred).Description("True when the source's date is inferred.");
        Field(x => x.SourceUrl, nullable: true).Description("The source's original URL, when it gives one.");
        Field(x => x.Quote).Description("The verbatim quote (a substring of the normalised source text).");
        Field(x => x.QuoteOffset).Description("The quote's offset in the normalised source text.");
        Field(x => x.PassageUrl).Description("REST URL of the passage in the source text.");
        Field<NonNullGraphType<LabelGraphType>>("cite").Description("The source's reference: `zh` in GB/T 7714-2015, `en` in APA 7 (title in Chinese with our translation in brackets). `citationAs` on the record adds its permanent URL, version and access date.").Resolve(c => c.Source.Cite);
    }
}
