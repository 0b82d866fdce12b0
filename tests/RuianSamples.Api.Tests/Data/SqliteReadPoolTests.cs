using Dapper;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>
/// Read connections keep their prepared statements between requests (issue 14). Asserted at the
/// SQLite level: the statement SQLite holds for a text has run once per request, not been made anew.
/// </summary>
[Trait(Engines.Trait, Engines.SqliteOnly)]
public class SqliteReadPoolTests
{
    private const string TitleSql = "SELECT title_en FROM samples WHERE number = @Number";

    private static CatalogDb NewCatalog() => TempPaths.NewSqliteCatalog("readpool");

    /// <summary>How many times SQLite has run the statement it holds for this text on this connection.</summary>
    private static int Runs(CatalogConnection lease, string text) => SqliteStatements.Of(lease).Where(s => s.Sql == text).Sum(s => s.Runs);

    /// <summary>How many times SQLite has prepared that statement anew (a schema change, or a binding its plan depended on).</summary>
    private static int Reprepares(CatalogConnection lease, string text) => SqliteStatements.Of(lease).Where(s => s.Sql == text).Sum(s => s.Reprepares);

    [Fact]
    public void A_statement_is_prepared_once_per_connection_and_run_again_by_later_snapshots()
    {
        using var db = NewCatalog();
        for (var request = 1; request <= 3; request++)
        {
            using var scope = db.BeginScope(CancellationToken.None);
            using var lease = db.OpenRead();
            lease.QuerySingle<string>(TitleSql, new { Number = request }).Should().NotBeNullOrEmpty();
            // One connection serves these sequential requests: the statement SQLite holds has run once per request.
            Runs(lease, TitleSql).Should().Be(request);
            Runs(lease, DatasetVersion.ReadSql).Should().BeGreaterThanOrEqualTo(request, "the snapshot's version read is prepared once too");
        }
    }

    [Fact]
    public void A_page_with_a_bound_limit_is_not_prepared_again_on_each_run()
    {
        // Every list page reads LIMIT @Limit: SQLite plans for a bound LIMIT's value unless the planner's stability
        // guarantee is on, and then prepares the statement anew each time the parameter is bound.
        const string page = "SELECT number FROM samples WHERE number > @After ORDER BY number LIMIT @Limit";
        using var db = NewCatalog();
        for (var request = 1; request <= 4; request++)
        {
            using var scope = db.BeginScope(CancellationToken.None);
            using var lease = db.OpenRead();
            lease.Query<int>(page, new { After = request, Limit = request + 1 }).Should().Equal(Enumerable.Range(request + 1, request + 1));
            lease.Query<int>(page, new { After = 0, Limit = 0 }).Should().BeEmpty("a limit of 0 read from the binding still limits");
            Runs(lease, page).Should().Be(2 * request);
            Reprepares(lease, page).Should().Be(0, "binding LIMIT again must not make SQLite parse and plan the statement again");
        }
    }

    [Fact]
    public void A_raw_statement_is_prepared_once_per_connection_and_a_nested_one_is_finalized()
    {
        const string numbers = "SELECT number, title_en FROM samples WHERE number <= CAST(@Max AS INTEGER) ORDER BY number";
        using var db = NewCatalog();
        for (var request = 1; request <= 3; request++)
        {
            using var scope = db.BeginScope(CancellationToken.None);
            using var lease = db.OpenRead();
            var connection = (PooledSqliteConnection)lease.Sqlite;
            var read = new List<(long, string)>();
            using (var statement = connection.Raw(numbers))
            {
                statement.Bind("@Max", "3").Bind("@Absent", "ignored");
                while (statement.Step())
                {
                    read.Add((statement.Int64(0), System.Text.Encoding.UTF8.GetString(statement.Bytes(1))));
                    // The same text while the first is stepping: a statement of its own, finalized when given back.
                    using var nested = connection.Raw(numbers);
                    nested.Bind("@Max", "10");
                    var count = 0;
                    while (nested.Step()) count++;
                    count.Should().Be(10);
                }
            }
            read.Select(r => r.Item1).Should().Equal(1, 2, 3);
            read.Select(r => r.Item2).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
            Runs(lease, numbers).Should().Be(request, "the kept statement runs once per request");
            Statements(lease, numbers).Should().Be(1, "the nested statements were finalized when given back");
        }
    }

    private static int Statements(CatalogConnection lease, string text) => SqliteStatements.Of(lease).Count(s => s.Sql == text);

    [Fact]
    public void A_query_inside_another_with_the_same_text_gets_its_own_statement()
    {
        using var db = NewCatalog();
        using var scope = db.BeginScope(CancellationToken.None);
        using var outer = db.OpenRead();
        var pairs = new List<(int, string)>();
        // Unbuffered: the outer reader is open while the nested lease runs the same SQL.
        foreach (var number in outer.Query<int>("SELECT number FROM samples WHERE number <= @Max ORDER BY number", new { Max = 3 }, buffered: false))
        {
            using var inner = db.OpenRead();
            pairs.Add((number, inner.QuerySingle<string>(TitleSql, new { Number = number })));
            inner.Query<int>("SELECT number FROM samples WHERE number <= @Max ORDER BY number", new { Max = 10 }).Should().HaveCount(10);
        }
        pairs.Select(p => p.Item1).Should().Equal(1, 2, 3);
        pairs.Select(p => p.Item2).Should().OnlyHaveUniqueItems().And.NotContain(string.Empty);
    }

    [Fact]
    public void A_list_that_Dapper_expands_binds_every_parameter_however_many_items()
    {
        using var db = NewCatalog();
        for (var size = 1; size <= 4; size++)
        {
            using var scope = db.BeginScope(CancellationToken.None);
            using var lease = db.OpenRead();
            var numbers = Enumerable.Range(1, size).ToArray();
            lease.Query<int>("SELECT number FROM samples WHERE number IN @Numbers AND number >= @Least ORDER BY number", new { Numbers = numbers, Least = 1 })
                .Should().Equal(numbers);
        }
    }

    [Fact]
    public void A_deleted_file_closes_the_pooled_connections()
    {
        using var db = NewCatalog();
        using (db.BeginScope(CancellationToken.None))
        using (var lease = db.OpenRead())
            lease.QuerySingle<string>(TitleSql, new { Number = 1 });
        File.Move(db.DatabasePath, db.DatabasePath + ".moved");
        Thread.Sleep(1100); // the file is looked at once a second
        db.Available.Should().BeFalse();
        File.Move(db.DatabasePath + ".moved", db.DatabasePath);
        Thread.Sleep(1100);
        db.Available.Should().BeTrue();
        using (db.BeginScope(CancellationToken.None))
        using (var lease = db.OpenRead())
        {
            // A connection opened after the file came back: the statement is new on it.
            lease.QuerySingle<string>(TitleSql, new { Number = 2 }).Should().NotBeNullOrEmpty();
            Runs(lease, TitleSql).Should().Be(1);
        }
    }
}
