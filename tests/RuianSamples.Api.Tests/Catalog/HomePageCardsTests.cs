using System.Net;
using System.Text.Json;
using RuianSamples.Api.Tests.Infrastructure;
using RuianSamples.Api.Tests.Partners;

namespace RuianSamples.Api.Tests.Catalog;

/// <summary>
/// A home page card headlines its sample's first live figure, as GET /api/v1/samples/{n} lists them (the page reads that
/// one figure per sample, not every figure), and the next one once the first is retracted.
/// </summary>
public class HomePageCardsTests(PartnerFactory factory) : IClassFixture<PartnerFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<string> CardAsync(int number) => WebUtility.HtmlDecode((await _client.GetStringAsync("/")).Split("<li class=\"card\">")[number]);

    private async Task<JsonElement> FirstFigureAsync(int number) => (await _client.GetJson($"/api/v1/samples/{number}")).GetProperty("figures")[0];

    private static string Indicator(JsonElement figure) => figure.GetProperty("indicator").GetProperty("zh").GetString()!;

    [Fact]
    public async Task Each_card_headlines_its_samples_first_figure_and_the_next_once_that_is_retracted()
    {
        for (var number = 1; number <= 10; number++)
        {
            var card = await CardAsync(number);
            card.Should().Contain($"<span class=\"number\" aria-hidden=\"true\">{number}</span>");
            card.Should().Contain(Indicator(await FirstFigureAsync(number)), $"sample {number}'s card");
        }

        var first = await FirstFigureAsync(2);
        var key = first.GetProperty("id").GetString()!;
        var partner = factory.ClientWithKey(factory.CreateKey("瑞安市统计局", "ruian", "figures:write"));
        var figure = await _client.GetAsync($"/api/v1/figures/{key}");
        var retraction = await partner.Send(HttpMethod.Post, $"/api/v1/figures/{key}/retraction", """{ "comment": "entered in error (test)" }""",
            ifMatch: figure.Headers.ETag!.ToString());
        retraction.IsSuccessStatusCode.Should().BeTrue(await retraction.Content.ReadAsStringAsync());

        var next = await FirstFigureAsync(2);
        next.GetProperty("id").GetString().Should().NotBe(key);
        Indicator(next).Should().NotBe(Indicator(first), "the test needs the two headlines to read differently");
        var card2 = await CardAsync(2);
        card2.Should().Contain(Indicator(next)).And.NotContain(Indicator(first));
    }
}
