using RuianSamples.Api.Common;

namespace RuianSamples.Api.Tests.Common;

/// <summary>The bound every cache here keeps, counted without ConcurrentDictionary.Count (which takes all its locks).</summary>
public class BoundedCacheTests
{
    [Fact]
    public void Counts_new_keys_only_so_replacing_an_entry_never_empties_the_cache()
    {
        var cache = new BoundedCache<string, int>(3, StringComparer.Ordinal);
        cache.Set("a", 1).Should().BeTrue();
        cache.Set("b", 2).Should().BeTrue();
        for (var i = 0; i < 10; i++) cache.Set("b", i).Should().BeFalse();

        cache.Count.Should().Be(2);
        cache.TryGetValue("a", out var a).Should().BeTrue();
        a.Should().Be(1);
        cache.TryGetValue("b", out var b).Should().BeTrue();
        b.Should().Be(9);
    }

    [Fact]
    public void A_full_cache_starts_over_with_the_new_entry()
    {
        var cache = new BoundedCache<int, int>(3);
        for (var i = 0; i < 3; i++) cache.Set(i, i);
        cache.Count.Should().Be(3);

        cache.Set(3, 3).Should().BeTrue();

        cache.Count.Should().Be(1);
        cache.ContainsKey(0).Should().BeFalse();
        cache.TryGetValue(3, out var three).Should().BeTrue();
        three.Should().Be(3);
    }

    [Fact]
    public async Task Under_concurrent_adds_the_count_stays_within_the_bound_and_matches_what_is_kept()
    {
        const int capacity = 1_000;
        var cache = new BoundedCache<int, int>(capacity);
        using var start = new ManualResetEventSlim();
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 50_000; i++) cache.Set(w * 1_000_000 + i, i);
        })).ToArray();
        start.Set();
        await Task.WhenAll(writers);

        // Eight writers that all saw room may each add one past the bound.
        var kept = Enumerable.Range(0, 8).SelectMany(w => Enumerable.Range(0, 50_000).Select(i => w * 1_000_000 + i)).Count(cache.ContainsKey);
        kept.Should().BeInRange(1, capacity + 8);
        cache.Count.Should().Be(kept);
    }
}
