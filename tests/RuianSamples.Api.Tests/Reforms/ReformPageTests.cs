using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Reforms;

/// <summary>A reform's page names a pilot level and a first's scope in the page's language, never the API's English word on a Chinese page.</summary>
public class ReformPageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("/reforms/financial-commissioners", "率全国之先</strong>（全国）", "(national)")]
    [InlineData("/reforms/financial-commissioners?lang=en", "率全国之先</strong> (national)", "（全国）")]
    [InlineData("/samples/2", "率全国之先</strong>（全国）", "(national)")]
    [InlineData("/reforms/elite-talent-recommendation", "（省级）", "(provincial)")]
    [InlineData("/reforms/mingmou-haochi", "<dd>全国<q", ">national<q")]
    [InlineData("/reforms/mingmou-haochi?lang=en", "<dd>national<q", ">全国<q")]
    public async Task Scopes_and_pilot_levels_are_in_the_page_language(string url, string shown, string never)
    {
        var html = await _client.GetStringAsync(url);
        html.Should().Contain(shown).And.NotContain(never);
    }
}
