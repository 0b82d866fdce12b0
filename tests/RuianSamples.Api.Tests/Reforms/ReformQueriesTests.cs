using Dapper;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Common;
using RuianSamples.Api.Reforms;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Reforms;

[Trait(Engines.Trait, Engines.SqliteOnly)] // SQLite's plans; PostgreSQL's planner weighs the same index itself
public class ReformQueriesTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    // A page of documents in id order under a region, a theme or neither reads ids, regions and slugs from
    // ix_reforms_id_region_slug, never a whole reform row (each a page of the file of its own at 10^5 reforms).
    [Theory]
    [InlineData(null, null, "id")]
    [InlineData(null, "/zhejiang/wenzhou/ruian/", "id")]
    [InlineData("economic-development", null, "-id")]
    [InlineData("economic-development", "/zhejiang/wenzhou/ruian/", "id")]
    [InlineData("economic-development", "/zhejiang/wenzhou/ruian/", "-id")]
    public void A_page_in_id_order_under_a_region_or_a_theme_reads_the_reforms_index_only(string? theme, string? regionPath, string sort)
    {
        var plan = Plan(new(theme, regionPath, null, null, null, null, null), sort);

        plan.Should().Contain(l => l.Contains("COVERING INDEX ix_reforms_id_region_slug"), string.Join("\n", plan));
        plan.Should().NotContain(l => l.Contains("INTEGER PRIMARY KEY"), "a reform's row is not read for its region or slug");
    }

    [Fact]
    public void A_filter_on_other_columns_reads_the_rows()
    {
        var plan = Plan(new(null, "/zhejiang/wenzhou/ruian/", 2021, 2021, null, null, null), "id");

        plan.Should().NotContain(l => l.Contains("ix_reforms_id_region_slug"), "the index lacks start_year; naming it would add a row read to each index read");
    }

    private List<string> Plan(ReformQueries.Filter filter, string sort)
    {
        var queries = factory.Services.GetRequiredService<ReformQueries>();
        var sql = queries.DocumentsPageSql(filter, ReformQueries.Sorts[sort], new Cursor(null, 40, ""));
        using var connection = factory.OpenDatabase();
        return connection.Query<(long, long, long, string Detail)>("EXPLAIN QUERY PLAN " + sql, new
        {
            filter.Theme, filter.RegionPath, filter.YearFrom, filter.YearTo, Limit = 20, AfterId = 40L, AfterKey = (object?)40L,
        }).Select(r => r.Detail).ToList();
    }
}
