using FluentAssertions;
using RuianSamples.Api.Site;

namespace RuianSamples.Api.Tests.Site;

/// <summary>A record's page from its API URL: the search page writes it as a slice of the API URL where it can (HtmlUrlSpan).</summary>
public class SiteUrlsTests
{
    [Theory]
    [InlineData("/api/v1/samples/8", "/samples/8")]
    [InlineData("/api/v1/reforms/medical-insurance-relief", "/reforms/medical-insurance-relief")]
    [InlineData("/api/v1/figures/f001-048", "/figures/f001-048")]
    [InlineData("/api/v1/regions/ruian?lang=en", "/regions/ruian?lang=en")]
    [InlineData("/api/v1/sources/zjdaily-ruian-reform", "/sources/zjdaily-ruian-reform")]
    [InlineData("/api/v1/sources/zjdaily-ruian-reform/text?offset=863&length=128", "/sources/zjdaily-ruian-reform?offset=863&length=128#quote")]
    [InlineData("/api/v1/honors/3", "/honors/3")]
    [InlineData("/api/v1/honors/3/citation", "/api/v1/honors/3/citation")]
    [InlineData("/api/v1/exports/catalog.zip", "/api/v1/exports/catalog.zip")]
    [InlineData("/api/v1/samplesx/1", "/api/v1/samplesx/1")]
    [InlineData("/api/v1/", "/api/v1/")]
    [InlineData("https://example.org/a", "https://example.org/a")]
    public void The_slice_and_the_string_give_the_same_page(string apiUrl, string page)
    {
        SiteUrls.HtmlUrl(apiUrl).Should().Be(page);
        SiteUrls.HtmlUrlSpan(apiUrl).ToString().Should().Be(page);
    }
}
