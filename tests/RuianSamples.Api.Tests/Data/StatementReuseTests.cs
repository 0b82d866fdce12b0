using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using RuianSamples.Api.Data;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Data;

/// <summary>
/// What the read statements cost on a cache miss, asked of SQLite itself through the real HTTP pipeline: the pages
/// users page through (REST lists, GraphQL connections, search, the site) run on the statements their connection keeps,
/// and none is parsed and planned again because a parameter (a page's LIMIT above all) was bound anew.
/// </summary>
[Trait(Engines.Trait, Engines.SqliteOnly)]
public class StatementReuseTests
{
    private sealed class BypassFactory : CatalogFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Bench:Enabled", "true"); // honours X-Bench-Bypass-Cache: every request reaches the database
        }
    }

    private static readonly string[] Paths =
    [
        "/api/v1/reforms?limit=5", "/api/v1/reforms?limit=7&region=ruian", "/api/v1/reforms?theme=public-services&limit=3",
        "/api/v1/figures?year=2021&limit=4", "/api/v1/figures?limit=9", "/api/v1/samples?limit=3", "/api/v1/regions?limit=4",
        "/api/v1/search?q=%E5%8C%BB%E4%BF%9D&group=false&type=reform&limit=3", "/api/v1/search?q=commissioners&limit=2",
        "/api/v1/search/suggest?q=%E5%8C%BB", "/reforms?limit=6",
    ];

    [Fact]
    public async Task Pages_asked_again_with_other_limits_run_on_the_statements_already_planned()
    {
        using var factory = new BypassFactory { RateLimitPermits = 10_000 };
        var client = factory.CreateClient();
        for (var round = 0; round < 3; round++)
        {
            foreach (var path in Paths)
            {
                // Each round binds other values (another LIMIT, another cursor-free page size) to the same statements.
                var request = new HttpRequestMessage(HttpMethod.Get, round == 0 ? path : path.Replace("limit=", $"limit={round}", StringComparison.Ordinal));
                request.Headers.Add("X-Bench-Bypass-Cache", "1");
                (await client.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK, request.RequestUri!.ToString());
            }
            var graphql = new HttpRequestMessage(HttpMethod.Post, "/graphql")
            {
                Content = JsonContent.Create(new { query = $"{{ reforms(first: {3 + round}) {{ edges {{ node {{ slug }} }} }} }}" }),
            };
            graphql.Headers.Add("X-Bench-Bypass-Cache", "1");
            (await client.SendAsync(graphql)).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        // Sequential requests take the pool's last-returned connection (last in, first out): this lease is the one that
        // served them, and it holds their statements.
        var db = factory.Services.GetRequiredService<CatalogDb>();
        using var scope = db.BeginScope(CancellationToken.None);
        using var lease = db.OpenRead();
        var statements = SqliteStatements.Of(lease);

        statements.Where(s => s.Sql.Contains("LIMIT @Limit", StringComparison.Ordinal) && s.Runs >= 3).Should()
            .NotBeEmpty("the list pages ran their LIMIT statements on this connection, once a round");
        statements.Where(s => s.Reprepares > 0).Select(s => s.Sql).Should()
            .BeEmpty("a statement planned once serves every later binding (SQLITE_STMTSTATUS_REPREPARE stays 0)");
    }
}
