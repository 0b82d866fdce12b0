using System.Net;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Themes;

/// <summary>/themes: GET /api/v1/themes as a page, the demonstration areas and the gaps, each linking its page and its lists.</summary>
public class ThemesListPageTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("", "先行示范", "三大差距")]
    [InlineData("?lang=en", "Demonstration areas", "The three gaps")]
    public async Task The_themes_page_lists_every_theme_under_its_kind_with_its_counts(string lang, string areas, string gaps)
    {
        var api = await _client.GetJson("/api/v1/themes");
        var response = await _client.GetAsync("/themes" + lang);
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var gapsAt = html.IndexOf($">{gaps}</h2>", StringComparison.Ordinal);
        html.IndexOf($">{areas}</h2>", StringComparison.Ordinal).Should().BeGreaterThan(0).And.BeLessThan(gapsAt);
        foreach (var theme in api.GetProperty("items").EnumerateArray())
        {
            var slug = theme.GetProperty("slug").GetString();
            var at = html.IndexOf($"href=\"/themes/{slug}{lang}\"", StringComparison.Ordinal);
            at.Should().BeGreaterThan(0, $"{slug} links its page");
            if (theme.GetProperty("kind").GetString() == "gap") at.Should().BeGreaterThan(gapsAt);
            else at.Should().BeLessThan(gapsAt);
            var reforms = theme.GetProperty("reformCount").GetInt32();
            if (reforms > 0)
                html.Should().Contain($"href=\"/reforms?theme={slug}{lang.Replace("?", "&amp;", StringComparison.Ordinal)}\">"
                    + (lang == "" ? $"{reforms} 项改革" : $"{reforms} reform{(reforms == 1 ? "" : "s")}"));
        }
    }
}
