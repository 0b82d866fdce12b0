using System.Net;
using System.Text;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Catalog;

/// <summary>The home page shows the latest partner changes once there are any, newest first, linked to their pages.</summary>
public class HomePageTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    [Fact]
    public async Task The_home_page_lists_the_latest_changes_newest_first()
    {
        var reader = factory.CreateClient();
        (await reader.GetStringAsync("/")).Should().NotContain("最近更新", "a catalog without partner writes has no changes to show");

        var partner = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write,sources:write"));
        static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
        (await partner.PostAsync("/api/v1/sources", Json(PartnerSamples.Source("ruian-stats-home")))).StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await partner.PostAsync("/api/v1/figures", Json(PartnerSamples.Figure("ruian-stats-home")));
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var figurePage = "/figures/" + created.Headers.Location!.ToString().Split('/')[^1];

        var home = await reader.GetStringAsync("/");
        home.Should().Contain("最近更新");
        home.Should().Contain($"href=\"{figurePage}\"");
        home.IndexOf(figurePage, StringComparison.Ordinal).Should().BeLessThan(home.IndexOf("/sources/ruian-stats-home", StringComparison.Ordinal),
            "the figure was written after its source");
        home.Should().Contain("瑞安市统计局");
        (await reader.GetStringAsync("/?lang=en")).Should().Contain("Latest changes");
    }
}
