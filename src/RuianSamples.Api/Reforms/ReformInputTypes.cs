using System.Text.Json.Nodes;
using GraphQL.Types;

namespace RuianSamples.Api.Reforms;

/// <summary>A reform's fields as GraphQL input (REST's names, flattened: nameZh for name.zh …; themes and samples as plain lists).</summary>
public class ReformInputType : InputObjectGraphType
{
    public static readonly IReadOnlyDictionary<string, string> Paths = new Dictionary<string, string>
    {
        ["slug"] = "slug", ["nameZh"] = "name.zh", ["nameEn"] = "name.en", ["region"] = "region.slug",
        ["startYear"] = "startYear", ["startYear.year"] = "startYear.year", ["startYear.inferred"] = "startYear.inferred",
        ["startYear.quote"] = "startYear.quote", ["startYear.basis"] = "startYear.basis",
        ["pilotLevel"] = "pilotLevel", ["pilotLevel.level"] = "pilotLevel.level", ["pilotLevel.quote"] = "pilotLevel.quote",
        ["firsts"] = "firsts", ["themes"] = "themes", ["themesInferred"] = "themesInferred", ["themesBasis"] = "themesBasis",
        ["descriptionZh"] = "description.zh", ["descriptionEn"] = "description.en", ["samples"] = "samples", ["sourceId"] = "sourceId",
    };

    private static readonly HashSet<string> Required = ["slug", "nameZh", "nameEn", "region", "descriptionZh", "descriptionEn", "sourceId"];

    public ReformInputType() : this("ReformInput", "A new reform: what the source says it is, where, since when, its claimed firsts, each quote verbatim.", patch: false) { }

    protected ReformInputType(string name, string description, bool patch)
    {
        Name = name;
        Description = description;
        foreach (var field in Paths.Keys.Where(k => !k.Contains('.', StringComparison.Ordinal) && k is not ("startYear" or "pilotLevel" or "firsts" or "themes" or "samples")))
        {
            if (patch && field == "slug") continue; // the slug is the reform's identifier
            Type type = field == "themesInferred" ? typeof(BooleanGraphType) : typeof(StringGraphType);
            if (!patch && Required.Contains(field)) type = typeof(NonNullGraphType<>).MakeGenericType(type);
            Field(field, type).Description($"REST's `{Paths[field]}`.");
        }
        Field<StartYearInputType>("startYear").Description("When the reform started, with the sentence that says so.");
        Field<PilotLevelInputType>("pilotLevel").Description("The pilot level, with the sentence that names it.");
        Field<ListGraphType<NonNullGraphType<FirstClaimInputType>>>("firsts").Description("Claimed firsts, each with its verbatim quote.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("themes").Description("Theme slugs (REST's themes[].slug).");
        Field<ListGraphType<NonNullGraphType<IntGraphType>>>("samples").Description("Practice sample numbers (REST's samples[].number).");
    }

    /// <summary>Themes and samples as REST's body has them (objects, as a GET returns them).</summary>
    public static JsonObject ToRest(JsonObject body)
    {
        if (body["themes"] is JsonArray themes) body["themes"] = new JsonArray([.. themes.Select(t => new JsonObject { ["slug"] = t?.DeepClone() })]);
        if (body["samples"] is JsonArray samples) body["samples"] = new JsonArray([.. samples.Select(n => new JsonObject { ["number"] = n?.DeepClone() })]);
        return body;
    }
}

/// <summary>The fields of a correction: each given one replaces the reform's (null removes it; a list is replaced whole), as in a merge patch.</summary>
public sealed class ReformPatchType() : ReformInputType("ReformPatch", "A correction of a reform: only the fields given change.", patch: true);

public sealed class StartYearInputType : InputObjectGraphType
{
    public StartYearInputType()
    {
        Name = "StartYearInput";
        Description = "The year a reform started, and how we know it.";
        Field<NonNullGraphType<IntGraphType>>("year").Description("The year.");
        Field<BooleanGraphType>("inferred").Description("True when inferred rather than stated.");
        Field<StringGraphType>("quote").Description("The sentence that gives the year, verbatim in the reform's source.");
        Field<StringGraphType>("basis").Description("How the year was inferred: required when inferred is true.");
    }
}

public sealed class PilotLevelInputType : InputObjectGraphType
{
    public PilotLevelInputType()
    {
        Name = "PilotLevelInput";
        Description = "The level at which a reform is a pilot.";
        Field<NonNullGraphType<StringGraphType>>("level").Description("national, provincial or municipal.");
        Field<StringGraphType>("quote").Description("The sentence that names the pilot level, verbatim in the reform's source.");
    }
}

public sealed class FirstClaimInputType : InputObjectGraphType
{
    public FirstClaimInputType()
    {
        Name = "FirstClaimInput";
        Description = "A claimed first (全国首创, 率全省之先 …) with its verbatim quote.";
        Field<NonNullGraphType<StringGraphType>>("claim").Description("The claim as written, e.g. 全国首创.");
        Field<StringGraphType>("scope").Description("national, provincial, municipal or county; null when the text does not say.");
        Field<NonNullGraphType<StringGraphType>>("quote").Description("The sentence that makes the claim, verbatim in its source.");
        Field<StringGraphType>("sourceId").Description("Its source, when not the reform's own.");
    }
}
