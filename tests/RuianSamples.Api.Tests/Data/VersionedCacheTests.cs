using RuianSamples.Api.Data;

namespace RuianSamples.Api.Tests.Data;

/// <summary>Results kept per dataset version: each request is answered from its own version's entries only.</summary>
public class VersionedCacheTests
{
    private sealed class Versions
    {
        public string Current = "1";
        public int Loads;

        public Func<Task<string>> Load(string key) => () =>
        {
            Interlocked.Increment(ref Loads);
            return Task.FromResult($"{key}@{Current}");
        };
    }

    [Fact]
    public async Task A_result_is_kept_for_its_version_and_read_again_after_a_write()
    {
        var versions = new Versions();
        var cache = new VersionedCache(() => versions.Current);

        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@1");
        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@1");
        versions.Loads.Should().Be(1);

        versions.Current = "2";
        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@2");
        versions.Loads.Should().Be(2);
    }

    [Fact]
    public async Task A_request_still_reading_an_older_version_gets_its_own_result_and_keeps_the_newer_entries()
    {
        var versions = new Versions { Current = "2" };
        var cache = new VersionedCache(() => versions.Current);
        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@2");

        // A request whose snapshot began before the write that made version 2.
        versions.Current = "1";
        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@1", "never a newer version's result");
        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@1");

        versions.Current = "2";
        var loads = versions.Loads;
        (await cache.GetOrAddAsync("facets", versions.Load("facets"))).Should().Be("facets@2");
        versions.Loads.Should().Be(loads, "the older request did not push version 2's entries out");
    }

    [Fact]
    public async Task Requests_of_two_versions_racing_never_see_each_others_results()
    {
        // Requests of the version before a write are still being served beside those of the version after it.
        var version = new ThreadLocal<string>(() => "1");
        var cache = new VersionedCache(() => version.Value!);
        var wrong = 0;
        using var start = new ManualResetEventSlim();
        var threads = Enumerable.Range(0, 8).Select(t => Task.Factory.StartNew(() =>
        {
            var random = new Random(t);
            start.Wait();
            for (var i = 0; i < 20_000; i++)
            {
                var mine = random.Next(2) == 0 ? "1" : "2";
                version.Value = mine;
                var value = cache.GetOrAddAsync($"key{i % 5}", () => Task.FromResult(mine)).GetAwaiter().GetResult();
                if (value != mine) Interlocked.Increment(ref wrong);
            }
        }, TaskCreationOptions.LongRunning)).ToArray();
        start.Set();
        await Task.WhenAll(threads);
        wrong.Should().Be(0);
    }

}
