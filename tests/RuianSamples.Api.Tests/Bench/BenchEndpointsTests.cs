using System.Net;
using Microsoft.AspNetCore.Hosting;
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
        var bypass = new HttpRequestMessage(HttpMethod.Get, "/api/v1/search?q=%E5%8C%BB%E4%BF%9D");
        bypass.Headers.Add("X-Bench-Bypass-Cache", "1");
        var response = await benchClient.SendAsync(bypass);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.ETag.Should().BeNull("the bypassed request ran the query and skipped the cache, which sets ETags");
    }
}
