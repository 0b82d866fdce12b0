using System.Text.RegularExpressions;
using RuianSamples.Api.Tests.Infrastructure;

namespace RuianSamples.Api.Tests.Catalog;

/// <summary>The home page's sample cards mark what is inferred as the sample pages do: the theme of samples 3, 4 and 7, and a headline figure's period.</summary>
public partial class HomePageInferredTests(CatalogFactory factory) : IClassFixture<CatalogFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData("", "推断")]
    [InlineData("?lang=en", "inferred")]
    public async Task Each_card_marks_an_inferred_theme_and_an_inferred_period(string lang, string mark)
    {
        var html = await _client.GetStringAsync("/" + lang);
        var cards = html.Split("<li class=\"card\">").Skip(1).ToList();
        cards.Should().HaveCount(10);
        foreach (var sample in (await _client.GetJson("/api/v1/samples")).GetProperty("items").EnumerateArray())
        {
            var number = sample.GetProperty("number").GetInt32();
            var card = cards[number - 1];
            var meta = Meta().Match(card).Groups[1].Value;
            var themeInferred = sample.GetProperty("theme").GetProperty("inferred").GetBoolean();
            (meta.Contains($"class=\"inferred\"") && meta.Contains(mark)).Should().Be(themeInferred, $"sample {number}'s theme is {(themeInferred ? "" : "not ")}inferred");
            if (number is 3 or 4 or 7) themeInferred.Should().BeTrue();

            var headline = sample.GetProperty("figures").EnumerateArray().FirstOrDefault();
            if (headline.ValueKind == System.Text.Json.JsonValueKind.Undefined) continue;
            var label = Label().Match(card).Groups[1].Value;
            label.Contains("class=\"inferred\"").Should().Be(headline.GetProperty("periodInferred").GetBoolean(), $"sample {number}'s headline period");
        }
    }

    [GeneratedRegex("<p class=\"meta\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Meta();

    [GeneratedRegex("<span class=\"figure-label\">(.*?)</p>", RegexOptions.Singleline)]
    private static partial Regex Label();
}
