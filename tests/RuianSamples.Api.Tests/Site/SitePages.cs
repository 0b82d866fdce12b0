namespace RuianSamples.Api.Tests.Site;

/// <summary>One page of each type, with the API URL it must name as its JSON alternate and its weight budget.</summary>
public static class SitePages
{
    public sealed record PageType(string Name, string Url, string ApiUrl, int BudgetKb);

    /// <summary>
    /// Budgets: HTML + CSS + JS, Brotli-compressed as served, in KB (the README's table). Record pages stay small;
    /// the explorer carries ECharts, loaded on that page only.
    /// </summary>
    public static readonly PageType[] All =
    [
        new("home", "/", "/api/v1", 20),
        new("sample", "/samples/2", "/api/v1/samples/2", 20),
        new("reform", "/reforms/financial-commissioners", "/api/v1/reforms/financial-commissioners", 20),
        new("region", "/regions/ruian", "/api/v1/regions/ruian", 25),
        new("theme", "/themes/income-distribution", "/api/v1/themes/income-distribution", 20),
        new("figure", "/figures/f001-018", "/api/v1/figures/f001-018", 20),
        new("source", "/sources/wenzhou-ten-samples?offset=100&length=20", "/api/v1/sources/wenzhou-ten-samples", 25),
        new("search", "/search?q=%E5%8C%BB%E4%BF%9D", "/api/v1/search?q=%E5%8C%BB%E4%BF%9D", 20),
        new("figures", "/figures?region=ruian&year=2022", "/api/v1/figures?region=ruian&year=2022", 250),
        new("reforms", "/reforms?region=ruian", "/api/v1/reforms?region=ruian", 25),
        new("sources", "/sources", "/api/v1/sources", 20),
        new("samples", "/samples", "/api/v1/samples", 20),
        new("regions", "/regions", "/api/v1/regions?limit=100", 25),
        new("themes", "/themes", "/api/v1/themes", 20),
        new("honor", "/honors/ruian-china-top100-county-2022", "/api/v1/honors/ruian-china-top100-county-2022", 20),
        new("milestone", "/milestones/ruian-gov-work-report-2023-adopted", "/api/v1/milestones/ruian-gov-work-report-2023-adopted", 20),
    ];

    public static IEnumerable<object[]> Names => All.Select(p => new object[] { p.Name });

    public static PageType Named(string name) => All.Single(p => p.Name == name);
}
