using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Bench;

public class BenchEndpointsTests
{
    private sealed class BenchFactory : CatalogFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Bench:Enabled", "true");
        }
    }

    [Fact]
    public async Task A_bench_run_is_not_refused_by_the_per_address_limit_that_holds_otherwise()
    {
        // Both factories ask for a limit of 5 a window; only the bench flag lifts it (a harness loads from one address).
        using var limited = new CatalogFactory { RateLimitPermits = 5 };
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++) statuses.Add((await limited.CreateClient().GetAsync("/api/v1/themes")).StatusCode);
        statuses.Should().Contain(HttpStatusCode.TooManyRequests);

        using var bench = new LimitedBenchFactory();
        for (var i = 0; i < 8; i++) (await bench.CreateClient().GetAsync("/api/v1/themes")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private sealed class LimitedBenchFactory : CatalogFactory
    {
        public LimitedBenchFactory() => RateLimitPermits = 5;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Bench:Enabled", "true");
        }
    }

    [Fact]
    public async Task The_ceiling_and_the_cache_bypass_exist_only_when_the_bench_flag_is_on()
    {
        using var plain = new CatalogFactory();
        var client = plain.CreateClient();
        (await client.GetAsync("/bench/ceiling")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=%E5%8C%BB%E4%BF%9D");
        request.Headers.Add("X-Bench-Bypass-Cache", "1");
        await client.SendAsync(request);
        var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=%E5%8C%BB%E4%BF%9D");
        again.Headers.Add("X-Bench-Bypass-Cache", "1");
        (await client.SendAsync(again)).Headers.ETag.Should().NotBeNull("without the flag the header changes nothing: the cache answers");

        using var bench = new BenchFactory();
        var benchClient = bench.CreateClient();
        var ceiling = await benchClient.GetAsync("/bench/ceiling");
        ceiling.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ceiling.Content.ReadAsByteArrayAsync()).Length.Should().BeInRange(1500, 2600);
        // The same-size ceiling: a JSON body of exactly the bytes asked for.
        var sized = await benchClient.GetByteArrayAsync("/bench/ceiling?bytes=15667");
        sized.Length.Should().Be(15667);
        System.Text.Json.JsonDocument.Parse(sized).RootElement.GetProperty("pad").GetString().Should().NotBeEmpty();
        var bypass = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=%E5%8C%BB%E4%BF%9D");
        bypass.Headers.Add("X-Bench-Bypass-Cache", "1");
        var response = await benchClient.SendAsync(bypass);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag.Should().BeNull("the bypassed request ran the query and skipped the cache, which sets ETags");
    }

    [Fact]
    public async Task The_statement_counter_exists_only_with_the_bench_flag_and_counts_the_statements_a_request_runs()
    {
        using var plain = new CatalogFactory();
        (await plain.CreateClient().GetAsync("/bench/statements")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        using var bench = new BenchFactory();
        var client = bench.CreateClient();
        var before = long.Parse(await client.GetStringAsync("/bench/statements"));
        var db = bench.Services.GetRequiredService<CatalogDb>();
        using (var connection = db.OpenRead())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT 1";
            command.ExecuteScalar();
        }
        var after = long.Parse(await client.GetStringAsync("/bench/statements"));
        (after - before).Should().Be(1, "one statement ran in between, and reading the counter runs none");
    }

    [Fact]
    public async Task The_bypass_header_makes_GraphQL_run_the_query_again_while_without_it_the_result_cache_answers()
    {
        using var bench = new BenchFactory();
        var client = bench.CreateClient();
        async Task<long> StatementsFor(bool bypass)
        {
            var before = long.Parse(await client.GetStringAsync("/bench/statements"));
            var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = new StringContent("""{"query":"{ sample(number: 2) { slug figures { key } } }"}""", System.Text.Encoding.UTF8, "application/json"),
            };
            if (bypass) request.Headers.Add("X-Bench-Bypass-Cache", "1");
            var response = await client.SendAsync(request);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            (await response.Content.ReadAsStringAsync()).Should().Contain("financial-commissioners");
            return long.Parse(await client.GetStringAsync("/bench/statements")) - before;
        }

        (await StatementsFor(bypass: false)).Should().BePositive("the first request runs the query");
        (await StatementsFor(bypass: false)).Should().BePositive("a result is kept the second time it is asked for");
        (await StatementsFor(bypass: false)).Should().Be(0, "the result cache answers the repeat");
        (await StatementsFor(bypass: true)).Should().BePositive("the bypass header runs the query again");
    }
}
