using GraphQL.Types;
using RuianSamples.Api.Common;

namespace RuianSamples.Api.GraphQL;

/// <summary>The filter inputs of the root lists: the same names as REST's query parameters, checked by the same validators.</summary>
public sealed class ListFilterInput
{
    public string? Theme { get; set; }
    public string? Region { get; set; }
    public int? Year { get; set; }
    public int? YearFrom { get; set; }
    public int? YearTo { get; set; }
    public bool? YearUnknown { get; set; }
    public string? Kind { get; set; }
    public string? PilotLevel { get; set; }
    public int? Sample { get; set; }
    public string? Reform { get; set; }
    public string? Source { get; set; }
    public string? SubjectType { get; set; }
    public string? Level { get; set; }
    public string? Parent { get; set; }
    public bool? Ranked { get; set; }

    /// <summary>year or yearFrom/yearTo, with REST's ranges and messages.</summary>
    public (int? From, int? To) Years() => Filters.Years(
        Validate.Range("year", Year, Filters.MinYear, Filters.MaxYear),
        Validate.Range("yearFrom", YearFrom, Filters.MinYear, Filters.MaxYear),
        Validate.Range("yearTo", YearTo, Filters.MinYear, Filters.MaxYear));

    /// <summary>As <see cref="Years"/>, or yearUnknown: true (REST's year=unknown), the records without a year.</summary>
    public YearRange YearsOrUnknown()
    {
        if (YearUnknown != true) return YearRange.Of(Years());
        if (Year is not null || YearFrom is not null || YearTo is not null)
            throw new ApiInputException("invalid-parameter", "yearUnknown", "Give either yearUnknown or year/yearFrom/yearTo, not both.");
        return new YearRange(null, null, Unknown: true);
    }
}

public abstract class ListFilterGraphType : InputObjectGraphType<ListFilterInput>
{
    protected void Theme() => Field(x => x.Theme, nullable: true).Description("A theme slug (see `themes`).");
    protected void Region() => Field(x => x.Region, nullable: true).Description("A region slug or code; a county includes its towns.");
    protected void Years()
    {
        Field(x => x.Year, nullable: true).Description("An exact year (1900-2100). Not with yearFrom/yearTo.");
        Field(x => x.YearFrom, nullable: true).Description("From this year, inclusive.");
        Field(x => x.YearTo, nullable: true).Description("To this year, inclusive.");
    }
    protected void YearUnknown() => Field(x => x.YearUnknown, nullable: true)
        .Description("true: only the records without a year (REST's year=unknown, the year facet's 'unknown'). Not with year/yearFrom/yearTo.");
    protected void Sample() => Field(x => x.Sample, nullable: true).Description("A practice sample number, 1-10.");
    protected void Source() => Field(x => x.Source, nullable: true).Description("A source id (see `sources`).");
}

public sealed class ReformFilterGraphType : ListFilterGraphType
{
    public ReformFilterGraphType()
    {
        Name = "ReformFilter";
        Description = "Filters for reforms, as REST /api/v1/reforms.";
        Theme(); Region(); Years(); YearUnknown();
        Field(x => x.PilotLevel, nullable: true).Description("national, provincial or municipal.");
        Sample(); Source();
    }
}

public sealed class FigureFilterGraphType : ListFilterGraphType
{
    public FigureFilterGraphType()
    {
        Name = "FigureFilter";
        Description = "Filters for figures, as REST /api/v1/figures.";
        Theme(); Region(); Years(); YearUnknown();
        Field(x => x.Kind, nullable: true).Description("count, amount, share, ratio, rank or duration.");
        Sample();
        Field(x => x.Reform, nullable: true).Description("A reform slug.");
        Source();
        Field(x => x.SubjectType, nullable: true).Description("sample, reform or region.");
    }
}

public sealed class MilestoneFilterGraphType : ListFilterGraphType
{
    public MilestoneFilterGraphType()
    {
        Name = "MilestoneFilter";
        Description = "Filters for milestones, as REST /api/v1/milestones.";
        Region(); Years(); Source();
    }
}

public sealed class HonorFilterGraphType : ListFilterGraphType
{
    public HonorFilterGraphType()
    {
        Name = "HonorFilter";
        Description = "Filters for honors, as REST /api/v1/honors.";
        Region(); Years(); YearUnknown(); Source();
        Field(x => x.Ranked, nullable: true).Description("true: only honors with a rank; false: only those without.");
    }
}

public sealed class RegionFilterGraphType : ListFilterGraphType
{
    public RegionFilterGraphType()
    {
        Name = "RegionFilter";
        Description = "Filters for regions, as REST /api/v1/regions.";
        Field(x => x.Level, nullable: true).Description("An administrative level (city, county, town …).");
        Field(x => x.Parent, nullable: true).Description("A region slug or code: only regions below it.");
    }
}
