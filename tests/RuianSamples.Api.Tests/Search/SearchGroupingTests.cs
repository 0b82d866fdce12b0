using System.Globalization;
using RuianSamples.Api.Search;
using static RuianSamples.Api.Search.SearchService;

namespace RuianSamples.Api.Tests.Search;

/// <summary>
/// Grouping reads a query's matches once and keeps only the best groups (SearchService.GroupMatchesAsync); held here to
/// the grouping it replaced, which held every match and sorted every group: the same groups, in the same order, with the
/// same evidence and counts, for every size kept and every cursor. The real catalog never has more than 200 groups, so
/// the path past the kept part (page 11 of a common word at 10^5 records) is exercised here.
/// </summary>
public class SearchGroupingTests
{
    // The grouping before 2026-12-05 (every row held, every group sorted), as the reference.
    private static List<Group> Reference(IReadOnlyList<SearchQueries.SubjectMatchRow> rows)
    {
        var groups = new List<Group>();
        foreach (var figure in rows.Where(r => r.ValueMatch != 0 && r.Evidence != 0))
            groups.Add(new Group($"doc:{figure.Id.ToString(CultureInfo.InvariantCulture)}", Tier.Value, figure.Rank, figure.Id, [], 0));
        foreach (var subject in rows.GroupBy(r => r.Subject, StringComparer.Ordinal))
        {
            var own = subject.Where(r => r.Evidence == 0).OrderBy(r => r.Rank).FirstOrDefault();
            var evidence = subject.Where(r => r.Evidence != 0).OrderBy(r => r.Rank).ThenBy(r => r.Id).ToList();
            var tier = own is null ? Tier.Evidence : own.NameMatch != 0 ? Tier.Name : subject.Key.StartsWith("sample:", StringComparison.Ordinal) ? Tier.Sample : Tier.Record;
            var rank = own?.Rank ?? evidence[0].Rank * SubjectPrior(subject.Key);
            groups.Add(new Group(subject.Key, tier, rank, own?.Id, evidence.Take(EvidenceShown).Select(e => (e.Id, e.Rank)).ToList(), evidence.Count));
        }
        groups.Sort(Group.Compare);
        return groups;
    }

    private static List<SearchQueries.SubjectMatchRow> Rows(int seed, int count)
    {
        var random = new Random(seed);
        string[] kinds = ["sample", "reform", "region", "source", "milestone"];
        // Few distinct ranks, so ties (the same BM25 score) are common, as they are for short texts.
        return Enumerable.Range(1, count).Select(id => new SearchQueries.SubjectMatchRow
        {
            Id = id,
            Subject = $"{kinds[random.Next(kinds.Length)]}:{random.Next(count / 3 + 1)}",
            Evidence = random.Next(3) == 0 ? 0 : 1,
            Rank = -random.Next(1, 12) / 4.0,
            NameMatch = random.Next(20) == 0 ? 1 : 0,
            ValueMatch = random.Next(30) == 0 ? 1 : 0,
        }).ToList();
    }

    private static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items)
    {
        foreach (var item in items) { await Task.Yield(); yield return item; }
    }

    private static string Show(Group g) =>
        $"{g.Subject}|{g.Tier}|{g.Rank.ToString("R", CultureInfo.InvariantCulture)}|{g.OwnId}|{string.Join(",", g.Evidence)}|{g.EvidenceCount}";

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 60)]
    [InlineData(3, 700)]
    [InlineData(4, 3000)]
    public async Task The_kept_groups_are_the_best_after_the_cursor_in_the_order_of_every_group_sorted(int seed, int count)
    {
        var rows = Rows(seed, count);
        var all = Reference(rows);
        all.Should().OnlyHaveUniqueItems(g => g.Subject);

        Group?[] cursors = [null, all[0], all[all.Count / 2], all[^1], new Group("reform:~", Tier.Record, -1.5, null, [], 0)];
        foreach (var after in cursors)
        {
            var following = after is null ? all : all.Where(g => Group.Compare(g, after) > 0).ToList();
            foreach (var keep in new[] { 1, 3, 21, 200, int.MaxValue })
            {
                var grouping = await GroupMatchesAsync(Stream(rows), keep, after);
                var because = $"{count} rows, keep {keep}, after {(after is null ? "none" : Show(after))}";
                grouping.Groups.Select(Show).Should().Equal(following.Take(keep).Select(Show), because);
                grouping.Total.Should().Be(all.Count, because);
                grouping.Complete.Should().Be(following.Count <= keep, because);
            }
        }
    }

    [Fact]
    public async Task No_matches_is_an_empty_complete_grouping()
    {
        var grouping = await GroupMatchesAsync(Stream(Array.Empty<SearchQueries.SubjectMatchRow>()), 200);
        grouping.Groups.Should().BeEmpty();
        grouping.Total.Should().Be(0);
        grouping.Complete.Should().BeTrue();
    }
}
